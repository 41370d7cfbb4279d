/**
 * @module The few pages the Link flow itself shows: its own success and failure pages (when the
 * client set no redirect), errors that must not redirect (an unknown or replayed state), the
 * shop-name form (Shopify) and the organisation pick (Xero), and the end of Embedded Link's popup.
 * Plain HTML; the popup's end runs one fixed script, allowed by its hash, and nothing else runs;
 * every value is escaped (company names and platform texts are untrusted); the pages refuse to be
 * framed. Their fixed texts are in the page's language (link-page-texts.ts).
 */
import { createHash } from 'node:crypto'
import type { EmbeddedLinkResultMessage } from '@linkway/contracts'
import { LINK_PAGE_TEXTS, fillText, type LinkLanguage } from './link-page-texts.js'

export type LinkPage =
  | { kind: 'outcome'; isSuccess: boolean; platformName: string; message: string; /** The person's signed consent receipt, to download (hosted Link's Complete). */ receiptUrl?: string }
  | { kind: 'error'; status: number; title: string; message: string }
  | { kind: 'connection-parameters'; platformName: string; action: string; fields: Array<{ name: string; label: string; description: string; example: string; value: string; error?: string }>; hidden: Record<string, string> }
  | { kind: 'tenant-pick'; platformName: string; action: string; stepToken: string; tenants: Array<{ id: string; name: string }> }
  | { kind: 'invite'; title: string; body: string; action: string; value: string; error?: string; labels?: { companyName: string; submit: string } }
  /** Hosted Link's own end: the platforms connected, and a way back to them; the person's consent receipt, when there is one. */
  | { kind: 'done'; title: string; body: string; actionLabel: string; actionUrl: string; /** One per connection the page names that has a receipt. */ receipts?: Array<{ platformName: string; url: string }> }
  /**
   * The end of a popup journey (Embedded Link): the outcome, and a way back in words only (the
   * person returns to the tab they came from). With `post`, the page posts it to the embedding
   * page's origin and closes itself; a replayed callback shows the page without posting.
   */
  | { kind: 'popup-result'; isSuccess: boolean; platformName: string; message: string; clientName: string; post?: { targetOrigin: string; message: EmbeddedLinkResultMessage } }

/** Whose page it is and in which language: hosted Link's pages show the client's name and logo. */
export interface LinkPageOptions {
  lang?: LinkLanguage
  brand?: { name: string; logoUrl?: string | undefined }
  /** A way forward from an error page: e.g. back to the company's hosted Link. */
  action?: { label: string; url: string }
}

/** Headers of every Link page: no framing, no referrer (the URL may hold a state), no caching. */
export const LINK_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const

/**
 * The popup's one script: the outcome to the page that opened it, at that page's exact origin
 * (never '*': whatever page the opener has become, only the embedding origin may read it), then
 * the popup closes. With no opener (popups blocked, a new tab) it does nothing and the page's text
 * tells the person what to do. Fixed text, so the policy allows it by its hash; the data it sends
 * is in a JSON block beside it.
 */
const POPUP_SCRIPT =
  "(function(){var r=JSON.parse(document.getElementById('linkway-link-result').textContent);if(window.opener){window.opener.postMessage(r.message,r.targetOrigin);window.close()}})()"
const POPUP_SCRIPT_SOURCE = `'sha256-${createHash('sha256').update(POPUP_SCRIPT).digest('base64')}'`

/** The headers of one page: every Link page's, and for a popup's end that posts its result, its script by hash. */
export function linkPageHeaders(page: LinkPage): Record<string, string> {
  if (page.kind !== 'popup-result' || !page.post) return LINK_PAGE_HEADERS
  return { ...LINK_PAGE_HEADERS, 'content-security-policy': `${LINK_PAGE_HEADERS['content-security-policy']}; script-src ${POPUP_SCRIPT_SOURCE}` }
}

/** JSON inside a data block: `<` is escaped so no value can close the element. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!)
}

/** Plain text in paragraphs (a blank line separates them): settings texts are untrusted, never HTML. */
function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`)
    .join('')
}

function brandHeader(brand: LinkPageOptions['brand']): string {
  if (!brand?.name) return ''
  // Only an https logo (the page's policy allows no other remote image); its name is the text beside it.
  const logo = brand.logoUrl && /^https:\/\//i.test(brand.logoUrl) ? `<img src="${escapeHtml(brand.logoUrl)}" alt="" height="32">` : ''
  return `<header class="brand">${logo}<span>${escapeHtml(brand.name)}</span></header>`
}

function layoutPage(title: string, body: string, options: LinkPageOptions = {}): string {
  const action = options.action ? `<p><a class="action" href="${escapeHtml(options.action.url)}">${escapeHtml(options.action.label)}</a></p>` : ''
  return `<!doctype html>
<html lang="${escapeHtml(options.lang ?? 'en')}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1d2330}main{max-width:30rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px #0002}h1{font-size:1.4rem;margin-top:0}label{display:block;font-weight:600;margin-top:1rem}input[type=text]{width:100%;box-sizing:border-box;padding:.6rem;font-size:1rem;border:1px solid #8a93a6;border-radius:6px}fieldset{border:0;padding:0}button{margin-top:1.25rem;padding:.7rem 1.2rem;font:inherit;font-weight:600;border:0;border-radius:6px;background:#2748c4;color:#fff;cursor:pointer}.hint{color:#4a5264;font-size:.9rem}.error{color:#a11919}.brand{display:flex;align-items:center;gap:.75rem;padding:.75rem 1rem;background:#1d2330;color:#fff;font-weight:600}.brand img{height:2rem;width:auto;max-width:8rem}a.action{display:inline-block;padding:.7rem 1.2rem;border-radius:6px;background:#2748c4;color:#fff;font-weight:600;text-decoration:none}main{overflow-wrap:anywhere}@media (max-width:32rem){main{margin:0;border-radius:0;padding:1.25rem 1rem}}</style>
</head><body>${brandHeader(options.brand)}<main>${body}${action}</main></body></html>`
}

export function renderLinkPage(page: LinkPage, options: LinkPageOptions = {}): string {
  const layout = (title: string, body: string) => layoutPage(title, body, options)
  const texts = LINK_PAGE_TEXTS[options.lang ?? 'en']
  /** The done page's receipts: the one link as before when there is one, a list (one per platform) when there are several. */
  const receiptList = (receipts: Array<{ platformName: string; url: string }>) => {
    if (receipts.length <= 1) return receiptLink(receipts[0]?.url)
    const items = receipts.map(({ platformName, url }) => `<li><a href="${escapeHtml(url)}" download>${escapeHtml(fillText(texts.downloadReceiptFor, { platformName }))}</a></li>`).join('')
    return `<ul>${items}</ul><p class="hint">${escapeHtml(texts.receiptHint)}</p>`
  }
  const receiptLink = (url: string | undefined) => (url ? `<p><a href="${escapeHtml(url)}" download>${escapeHtml(texts.downloadReceipt)}</a> <span class="hint">${escapeHtml(texts.receiptHint)}</span></p>` : '')
  switch (page.kind) {
    case 'done':
      return layout(page.title, `<h1>${escapeHtml(page.title)}</h1>${paragraphs(page.body)}${receiptList(page.receipts ?? [])}<p><a class="action" href="${escapeHtml(page.actionUrl)}">${escapeHtml(page.actionLabel)}</a></p>`)
    case 'outcome': {
      const name = { platformName: page.platformName }
      return layout(
        fillText(page.isSuccess ? texts.connectedTitle : texts.notConnectedTitle, name),
        `<h1>${escapeHtml(fillText(page.isSuccess ? texts.connectedHeading : texts.notConnectedHeading, name))}</h1><p>${escapeHtml(page.message)}</p>${receiptLink(page.receiptUrl)}<p class="hint">${escapeHtml(texts.closeWindow)}</p>`,
      )
    }
    case 'popup-result': {
      const name = { platformName: page.platformName }
      const back = page.clientName ? fillText(texts.popupReturn, { clientName: page.clientName }) : texts.popupReturnUnnamed
      const script = page.post ? `<script type="application/json" id="linkway-link-result">${jsonForHtml(page.post)}</script><script>${POPUP_SCRIPT}</script>` : ''
      return layout(
        fillText(page.isSuccess ? texts.connectedTitle : texts.notConnectedTitle, name),
        `<h1>${escapeHtml(fillText(page.isSuccess ? texts.connectedHeading : texts.notConnectedHeading, name))}</h1><p>${escapeHtml(page.message)}</p><p class="hint">${escapeHtml(back)}</p>${script}`,
      )
    }
    case 'error':
      return layout(page.title, `<h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p>`)
    case 'connection-parameters':
      return layout(
        fillText(texts.connectTitle, { platformName: page.platformName }),
        `<h1>${escapeHtml(fillText(texts.connectTitle, { platformName: page.platformName }))}</h1><form method="get" action="${escapeHtml(page.action)}">${Object.entries(page.hidden)
          .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
          .join('')}${page.fields
          .map(
            (field) =>
              `<label for="f-${escapeHtml(field.name)}">${escapeHtml(field.label)}</label><input type="text" id="f-${escapeHtml(field.name)}" name="${escapeHtml(field.name)}" value="${escapeHtml(field.value)}" placeholder="${escapeHtml(field.example)}" required aria-describedby="h-${escapeHtml(field.name)}"${field.error ? ' aria-invalid="true"' : ''}><p class="hint" id="h-${escapeHtml(field.name)}">${escapeHtml(field.description)}</p>${field.error ? `<p class="error" role="alert">${escapeHtml(field.error)}</p>` : ''}`,
          )
          .join('')}<button type="submit">${escapeHtml(fillText(texts.continueTo, { platformName: page.platformName }))}</button></form>`,
      )
    case 'invite':
      return layout(
        page.title,
        `<h1>${escapeHtml(page.title)}</h1>${paragraphs(page.body)}<form method="post" action="${escapeHtml(page.action)}"><label for="company-name">${escapeHtml(page.labels?.companyName ?? "Your company's name")}</label><input type="text" id="company-name" name="companyName" value="${escapeHtml(page.value)}" required maxlength="255" autocomplete="organization"${page.error ? ' aria-invalid="true" aria-describedby="company-name-error"' : ''}>${page.error ? `<p class="error" role="alert" id="company-name-error">${escapeHtml(page.error)}</p>` : ''}<button type="submit">${escapeHtml(page.labels?.submit ?? 'Continue')}</button></form>`,
      )
    case 'tenant-pick':
      return layout(
        texts.tenantPickTitle,
        `<h1>${escapeHtml(texts.tenantPickHeading)}</h1><p>${escapeHtml(fillText(texts.tenantPickBody, { platformName: page.platformName }))}</p><form method="post" action="${escapeHtml(page.action)}"><input type="hidden" name="stepToken" value="${escapeHtml(page.stepToken)}"><fieldset><legend class="hint">${escapeHtml(texts.tenantPickLegend)}</legend>${page.tenants
          .map(
            (tenant, index) =>
              `<label><input type="radio" name="tenantId" value="${escapeHtml(tenant.id)}"${index === 0 ? ' checked' : ''}> ${escapeHtml(tenant.name)}</label>`,
          )
          .join('')}</fieldset><button type="submit">${escapeHtml(texts.tenantPickSubmit)}</button></form>`,
      )
  }
}

/**
 * @module approveConsent: what a person does on the consent page, for tests and benchmarks. It
 * loads the authorize URL, reads the form in the HTML, posts the decision and returns where the
 * sandbox sends the browser next: the client's redirect_uri with a code or an error.
 */

export interface ConsentChoice {
  /** `approve` unless given. */
  decision?: 'approve' | 'deny'
  /** Xero: the ids of the organisations to authorize; all those offered unless given. */
  tenants?: string[]
}

/**
 * Approves (or denies) an authorization request as a person would, and returns the redirect
 * Location. Throws with the page's message when the request is refused on the page itself
 * (unknown client, unregistered redirect_uri), since there is then no form to answer.
 *
 * @example
 * const callback = new URL(await approveConsent(authorizeUrl))
 * const code = callback.searchParams.get('code')
 */
export async function approveConsent(authorizeUrl: string, choice: ConsentChoice = {}): Promise<string> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' })
  const earlyRedirect = redirectLocation(page, authorizeUrl)
  // A request the platform refuses before consent (a bad scope, no PKCE) goes straight back to the client.
  if (earlyRedirect !== undefined) return earlyRedirect
  const html = await page.text()
  const form = readConsentForm(html)
  if (form === undefined) throw new Error(pageMessage(html) ?? `The authorize page answered ${page.status} without a consent form.`)

  const body = new URLSearchParams(form.hidden)
  body.set('decision', choice.decision ?? 'approve')
  if ((choice.decision ?? 'approve') === 'approve') for (const tenant of choice.tenants ?? form.tenants) body.append('tenant', tenant)
  const answer = await fetch(new URL(form.action, page.url || authorizeUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
    redirect: 'manual',
  })
  const location = redirectLocation(answer, authorizeUrl)
  if (location !== undefined) return location
  throw new Error(pageMessage(await answer.text()) ?? `The consent decision answered ${answer.status} without a redirect.`)
}

interface ConsentForm {
  action: string
  hidden: [string, string][]
  /** The organisation checkboxes offered. */
  tenants: string[]
}

function redirectLocation(response: Response, base: string): string | undefined {
  const location = response.headers.get('location')
  return response.status >= 300 && response.status < 400 && location !== null ? new URL(location, base).href : undefined
}

function readConsentForm(html: string): ConsentForm | undefined {
  const formTag = /<form\b[^>]*>/i.exec(html)?.[0]
  if (formTag === undefined) return undefined
  const action = attributesOf(formTag).get('action') ?? ''
  const hidden: [string, string][] = []
  const tenants: string[] = []
  for (const match of html.matchAll(/<input\b[^>]*>/gi)) {
    const attributes = attributesOf(match[0])
    const name = attributes.get('name')
    const value = attributes.get('value') ?? ''
    if (name === undefined) continue
    if (attributes.get('type') === 'hidden') hidden.push([name, value])
    else if (attributes.get('type') === 'checkbox' && name === 'tenant') tenants.push(value)
  }
  return { action, hidden, tenants }
}

function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>()
  for (const match of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*"([^"]*)")?/g)) {
    const name = match[1]
    if (name !== undefined) attributes.set(name.toLowerCase(), decodeEntities(match[2] ?? ''))
  }
  return attributes
}

/** The error message of a sandbox page (its `role="alert"` paragraph), as text. */
function pageMessage(html: string): string | undefined {
  const match = /<p\b[^>]*role="alert"[^>]*>([\s\S]*?)<\/p>/i.exec(html)
  return match?.[1] === undefined ? undefined : decodeEntities(match[1].replace(/<[^>]*>/g, '')).trim()
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (entity: string, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] ?? entity)
}

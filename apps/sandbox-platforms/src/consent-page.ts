/**
 * @module The pages a person sees at the authorization endpoint: the consent form (who asks, for
 * what, Approve or Deny) and the error page for requests that cannot be sent back to the app.
 */
import type { ConsentView } from './authorization-request.js'
import { escapeHtml, renderPage } from './html-page.js'

export function renderConsentPage(view: ConsentView): string {
  const { platform } = view
  const app = escapeHtml(view.clientId)
  const destination = escapeHtml(new URL(view.redirectUri).origin)
  const scopes = view.scopes
    .map((scope) => `<li>${escapeHtml(platform.scopes[scope] ?? scope)} <code>${escapeHtml(scope)}</code></li>`)
    .join('\n')
  const shop = view.shop === undefined ? '' : `<p>Store: <strong>${escapeHtml(view.shop)}.myshopify.com</strong></p>\n`
  const problem = view.problem === undefined ? '' : `<p class="error" role="alert">${escapeHtml(view.problem)}</p>\n`
  const tenants = view.tenants === undefined ? '' : renderTenantChoice(view)
  return renderPage(
    `${platform.displayName}: allow ${view.clientId}?`,
    `<h1>${escapeHtml(platform.displayName)}</h1>
<h2>Allow <strong>${app}</strong> to access your account?</h2>
${problem}${shop}<p>The app <strong>${app}</strong> asks for this access. After you decide you will be sent back to <strong>${destination}</strong>.</p>
<h3>It will be able to:</h3>
<ul>
${scopes}
</ul>
<form method="post" action="${escapeHtml(view.decisionPath)}">
<input type="hidden" name="request_id" value="${escapeHtml(view.requestId)}">
${tenants}<div class="actions">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</div>
</form>`,
  )
}

function renderTenantChoice(view: ConsentView): string {
  const checked = view.checkedTenants
  const boxes = (view.tenants ?? [])
    .map((tenant, position) => {
      const isChecked = checked === undefined || checked.includes(tenant.tenantId)
      const id = `tenant-${position}`
      return `<label for="${id}"><input type="checkbox" id="${id}" name="tenant" value="${escapeHtml(tenant.tenantId)}"${isChecked ? ' checked' : ''}> ${escapeHtml(tenant.tenantName)}</label>`
    })
    .join('\n')
  return `<fieldset>
<legend>Organisations to connect</legend>
${boxes}
</fieldset>
`
}

export function renderErrorPage(displayName: string, message: string): string {
  return renderPage(
    `${displayName}: this request cannot continue`,
    `<h1>${escapeHtml(displayName)}</h1>
<h2>This request cannot continue</h2>
<p class="error" role="alert">${escapeHtml(message)}</p>
<p>Nothing was shared. Close this page and try again from the app.</p>`,
  )
}

/**
 * @module After consent, some platforms grant access to several organisations at once (Xero's
 * tenants); the connection must name one. This reads the list the platform says was granted.
 */
import type { TenantPick } from '@linkway/connectors'
import { PlatformAuthError } from './platform-auth-error.js'
import { PLATFORM_TIMEOUT_MS, platformUrl, retryAfterSeconds } from './platform-http.js'

export interface Tenant {
  id: string
  name: string
}

export async function fetchGrantedTenants(pick: TenantPick, accessToken: string, now: Date): Promise<Tenant[]> {
  // Outside the try: a URL refused for plain http is a configuration error, not an unreachable platform.
  const url = platformUrl(pick.tenantsUrl, { allowPlainHttp: pick.allowPlainHttp })
  let response: Response
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(PLATFORM_TIMEOUT_MS),
      redirect: 'manual',
    })
  } catch (error) {
    throw new PlatformAuthError('platform_unavailable', `The platform's tenant list could not be reached (${(error as Error).name})`)
  }
  if (response.status === 429) {
    const retryAfter = retryAfterSeconds(response.headers.get('retry-after'), now)
    throw new PlatformAuthError('rate_limited', 'The platform is rate limiting', { httpStatus: 429, ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}) })
  }
  if (response.status === 401 || response.status === 403) throw new PlatformAuthError('invalid_grant', 'The platform refused the new access token', { httpStatus: response.status })
  if (!response.ok) throw new PlatformAuthError('platform_unavailable', `The platform's tenant list answered ${response.status}`, { httpStatus: response.status })
  const body: unknown = await response.json().catch(() => undefined)
  if (!Array.isArray(body)) throw new PlatformAuthError('invalid_response', 'The platform sent a tenant list that is not a JSON array')
  const consent = pick.sameConsent === undefined ? undefined : { field: pick.sameConsent.entryField, id: consentIdOf(accessToken, pick.sameConsent.accessTokenClaim) }
  const tenants: Tenant[] = []
  for (const entry of body) {
    // Another consent's organisation: attaching it would give this connection books the person did not pick now.
    if (consent !== undefined && (entry as Record<string, unknown>)?.[consent.field] !== consent.id) continue
    const id = (entry as Record<string, unknown>)?.[pick.idField]
    const name = (entry as Record<string, unknown>)?.[pick.nameField]
    if (typeof id === 'string' && id.length > 0) tenants.push({ id, name: typeof name === 'string' ? name : id })
  }
  return tenants
}

/**
 * The claim naming the consent, read from the access token's JWT payload. Not verified: the token came straight from
 * the token endpoint over TLS, and the platform checks it on the very call the list is read with.
 */
function consentIdOf(accessToken: string, claim: string): string {
  const payload = accessToken.split('.')[1]
  let value: unknown
  try {
    value = payload === undefined ? undefined : (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>)?.[claim]
  } catch {
    value = undefined
  }
  if (typeof value !== 'string' || value === '') {
    throw new PlatformAuthError('invalid_response', `The access token carries no ${claim}, so the organisations of this consent cannot be told from those authorised before`)
  }
  return value
}

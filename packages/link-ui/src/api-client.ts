/**
 * @module The only way the component talks to the server: the Link API of one company, under
 * `{apiBaseUrl}/link/api/companies/{companyId}`. Building a client does no I/O.
 */
// From the contract itself, not ./types.js: that file imports LinkClient from here.
import type { GivenConsent, LinkCategory, LinkSessionView } from '@linkway/contracts'

export type LinkEventName = 'opened' | 'category_chosen' | 'platform_chosen' | 'consent_given' | 'sent_to_platform' | 'returned' | 'completed' | 'left'

export interface LinkEvent {
  sessionId: string
  event: LinkEventName
  category?: LinkCategory
  platformKey?: string
  /** For `left`: the screen the person left from. */
  step?: string
}

export interface CreatedConnection {
  connectionId: string
  /** Where the person signs in: always an http(s) URL (checked). */
  authorizeUrl: string
}

export interface LinkClient {
  /** `visitId`: a person back from a platform continues the visit the funnel counts. */
  getSession(options?: { lang?: string; visitId?: string; showSandboxIntegrations?: boolean }): Promise<LinkSessionView>
  /** Creates the connection, or reuses the company's PendingAuth, Unlinked or Deauthorized one for that platform. */
  /** `redirectParams`: the hosted page's own query (custom redirect placeholders), carried through the platform and back. */
  /**
   * `lang`: the language the person reads, carried to the platform and back. `consent`: the consent
   * screen's texts as rendered (consent-texts.ts), which the server checks and signs into a receipt.
   */
  /** `display: 'popup'` (Embedded Link): the journey ends in a page that tells this one the outcome (docs/link-api.md). */
  createConnection(body: { platformKey: string; sessionId: string; lang?: string; redirectParams?: Record<string, string>; consent?: GivenConsent; display?: 'popup' }): Promise<CreatedConnection>
  disconnectConnection(connectionId: string, body: { sessionId: string }): Promise<{ status: 'Unlinked' }>
  /** `keepalive` lets the request outlive the page (from a pagehide handler, or just before a redirect). */
  sendEvent(event: LinkEvent, options?: { keepalive?: boolean }): Promise<void>
}

/** Why a call failed; a caller reacts to the code, and shows `statusCode`'s friendly message. */
export const LINK_API_ERROR_CODES = {
  /** The server could not be reached (offline, DNS, CORS, aborted). Worth a retry. */
  network_error: 'network_error',
  /** The server answered 4xx or 5xx; `statusCode` and the server's `error` text are kept. */
  http_error: 'http_error',
  /** The server answered 2xx with a body that is not what this API returns. */
  invalid_response: 'invalid_response',
} as const
export type LinkApiErrorCode = keyof typeof LINK_API_ERROR_CODES

export class LinkApiError extends Error {
  override readonly name = 'LinkApiError'
  readonly code: LinkApiErrorCode
  /** The HTTP status; 0 when there was no answer. */
  readonly statusCode: number

  constructor(code: LinkApiErrorCode, statusCode: number, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.statusCode = statusCode
  }

  /** Whether trying again may work: no answer, a server failure, too many requests, an expired token. Another 4xx will not change by itself. */
  get isUserRecoverable(): boolean {
    // An expired company access token (Embedded Link): the host page fetches a new one and opens Link again.
    const isExpiredToken = this.statusCode === 401 && /expired/i.test(this.message)
    return this.code === 'network_error' || this.statusCode >= 500 || this.statusCode === 429 || isExpiredToken
  }
}

export interface LinkClientOptions {
  /** e.g. `http://localhost:8080` (a trailing slash is tolerated). */
  apiBaseUrl: string
  companyId: string
  /**
   * The hosted page's token (its configuration's `linkToken`), sent as `X-Link-Token` with every
   * call: the server refuses a change without it, so another site cannot make a visitor's browser
   * connect or disconnect anything.
   */
  linkToken?: string
  /** Embedded Link: the company access token, sent as `Authorization: Bearer` with every call. */
  accessToken?: string
  /**
   * Embedded Link without a token: every call carries `X-Link-Embedded: 1`. A custom header makes
   * the browser ask the server first (a CORS preflight), which only the client's listed origins pass.
   */
  embedded?: boolean
  /** Defaults to the global `fetch`; tests pass their own. */
  fetch?: typeof fetch
}

/**
 * @example
 * const client = createLinkClient({ apiBaseUrl: 'http://localhost:8080', companyId })
 * const session = await client.getSession({ lang: 'fr' })
 */
export function createLinkClient(options: LinkClientOptions): LinkClient {
  const base = `${options.apiBaseUrl.replace(/\/+$/, '')}/link/api/companies/${encodeURIComponent(options.companyId)}`

  async function request(method: 'GET' | 'POST', path: string, body?: unknown, keepalive = false): Promise<unknown> {
    const fetchImpl = options.fetch ?? globalThis.fetch
    let response: Response
    try {
      response = await fetchImpl(`${base}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.linkToken ? { 'x-link-token': options.linkToken } : {}),
          ...(options.accessToken ? { authorization: `Bearer ${options.accessToken}` } : {}),
          ...(options.embedded ? { 'x-link-embedded': '1' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        keepalive,
      })
    } catch (cause) {
      throw new LinkApiError('network_error', 0, `Could not reach ${base}${path}`, { cause })
    }
    if (response.status === 204) return undefined
    let parsed: unknown
    try {
      parsed = await response.json()
    } catch (cause) {
      if (!response.ok) throw new LinkApiError('http_error', response.status, `HTTP ${response.status}`, { cause })
      throw new LinkApiError('invalid_response', response.status, `${method} ${path} did not answer JSON`, { cause })
    }
    if (!response.ok) {
      const error = isRecord(parsed) && typeof parsed.error === 'string' ? parsed.error : `HTTP ${response.status}`
      throw new LinkApiError('http_error', response.status, error)
    }
    return parsed
  }

  return {
    async getSession(sessionOptions = {}) {
      const params = new URLSearchParams()
      if (sessionOptions.lang) params.set('lang', sessionOptions.lang)
      if (sessionOptions.visitId) params.set('visit', sessionOptions.visitId)
      if (sessionOptions.showSandboxIntegrations !== undefined) params.set('link.showSandboxIntegrations', String(sessionOptions.showSandboxIntegrations))
      const query = params.size > 0 ? `?${params.toString()}` : ''
      const session = await request('GET', `/session${query}`)
      if (!isRecord(session) || typeof session.sessionId !== 'string' || !isRecord(session.settings) || !Array.isArray(session.categories) || !Array.isArray(session.connections)) {
        throw new LinkApiError('invalid_response', 200, 'The session answer is not a LinkSessionView')
      }
      return session as unknown as LinkSessionView
    },

    async createConnection(body) {
      const created = await request('POST', '/connections', body)
      // The answer decides where the whole page goes next: only an http(s) URL may (never `javascript:`).
      if (!isRecord(created) || typeof created.connectionId !== 'string' || typeof created.authorizeUrl !== 'string' || !/^https?:\/\//i.test(created.authorizeUrl)) {
        throw new LinkApiError('invalid_response', 200, 'The connection answer has no http(s) authorizeUrl')
      }
      return { connectionId: created.connectionId, authorizeUrl: created.authorizeUrl }
    },

    async disconnectConnection(connectionId, body) {
      await request('POST', `/connections/${encodeURIComponent(connectionId)}/disconnect`, body)
      return { status: 'Unlinked' }
    },

    async sendEvent(event, eventOptions = {}) {
      await request('POST', '/events', event, eventOptions.keepalive ?? false)
    },
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * @module The only way a Portal page talks to the server: the public API and /portal/api, with the
 * session cookie (never an API key) and, on every change, the session's CSRF token. Errors arrive
 * as `PortalApiError` carrying the API's own message (`error` of the wire error body), which the
 * pages show as they are: the server's wording is the one the docs and the API share.
 */
import type { ErrorMessage } from '@linkway/contracts'

export class PortalApiError extends Error {
  override readonly name = 'PortalApiError'
  /** The HTTP status; 0 when the server could not be reached. */
  readonly statusCode: number
  /** Per field, what the server refused (the `validation` of the error body). */
  readonly fieldErrors: Record<string, string>

  constructor(statusCode: number, message: string, fieldErrors: Record<string, string> = {}) {
    super(message)
    this.statusCode = statusCode
    this.fieldErrors = fieldErrors
  }
}

export type Query = Record<string, string | number | boolean | undefined>

export interface PortalApi {
  get<T>(path: string, query?: Query): Promise<T>
  post<T>(path: string, body?: unknown): Promise<T>
  put<T>(path: string, body?: unknown): Promise<T>
  patch<T>(path: string, body?: unknown): Promise<T>
  delete<T = void>(path: string): Promise<T>
}

export interface PortalApiOptions {
  /** The session's CSRF token, sent with every change (absent before sign-in). */
  csrfToken(): string | undefined
  /** A 401 on a call that needed the session: it ended (idle, signed out elsewhere). */
  onSessionEnded(): void
}

const NETWORK_MESSAGE = 'Linkway could not be reached. Check your connection and try again.'

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value))
  const text = params.toString()
  return text ? `${path}?${text}` : path
}

export function createPortalApi(options: PortalApiOptions): PortalApi {
  const request = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    const csrfToken = options.csrfToken()
    if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
    let response: Response
    try {
      response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) })
    } catch {
      throw new PortalApiError(0, NETWORK_MESSAGE)
    }
    if (response.status === 204) return undefined as T
    const text = await response.text()
    let parsed: unknown
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      parsed = undefined
    }
    if (response.ok) return parsed as T
    const error = parsed as Partial<ErrorMessage> | undefined
    // Sign-in and setup answer 401 for a wrong password: only a session's call means "signed out".
    if (response.status === 401 && !path.startsWith('/portal/api/login') && !path.startsWith('/portal/api/setup') && !path.startsWith('/portal/api/invitations/accept')) options.onSessionEnded()
    const fieldErrors: Record<string, string> = {}
    for (const item of error?.validation?.errors ?? []) if (item.itemId) fieldErrors[item.itemId] = item.message ?? ''
    throw new PortalApiError(response.status, error?.error ?? `The server answered ${response.status}.`, fieldErrors)
  }
  return {
    get: (path, query) => request('GET', withQuery(path, query)),
    post: (path, body) => request('POST', path, body),
    put: (path, body) => request('PUT', path, body),
    patch: (path, body) => request('PATCH', path, body),
    delete: (path) => request('DELETE', path),
  }
}

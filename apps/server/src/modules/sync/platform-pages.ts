/**
 * @module Reading one page from a platform: the data source's request sent with the connection's
 * access token, and the answer sorted into what the engine does next. Network failures, timeouts
 * and 5xx are transient; a 429 carries when to come back; the rest end the sync with a reason.
 */
import type { PlatformRequest, PlatformResponse } from '@linkway/platform-data'
import { PLATFORM_TIMEOUT_MS, platformUrl, retryAfterSeconds } from '@linkway/oauth'
import { AccessTokenRejectedError } from '../connections/index.js'

/** Why a page could not be read, and so what the engine does with the dataset. */
export type PageFailureKind = 'transient' | 'rate_limited' | 'not_supported' | 'forbidden' | 'refused'

export class PageReadError extends Error {
  constructor(
    readonly kind: PageFailureKind,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
    this.name = 'PageReadError'
  }
}

/** The largest page body accepted: a platform answering more is broken or hostile, and memory must stay flat. */
const MAX_BODY_BYTES = 64 * 1024 * 1024

export interface PlatformPageOptions {
  /** PLATFORM_TIMEOUT_MS when absent. */
  timeoutMs?: number
  /** The connector's `allowPlainHttp` (the catalogue's, for a sandbox or an emulation on loopback); https is required without it. */
  allowPlainHttp?: boolean
}

/**
 * Reads the page (a GET, or the data source's POST with its JSON body), the token in `Authorization: Bearer` or the connector's own header. A 401 becomes AccessTokenRejectedError (the vault refreshes once and retries);
 * any other failure a PageReadError. Only a 2xx with a JSON body is returned.
 */
export async function getPlatformPage(
  request: PlatformRequest,
  token: { value: string; header: string | undefined },
  now: Date,
  options: PlatformPageOptions = {},
): Promise<PlatformResponse> {
  const url = platformUrl(request.url, { allowPlainHttp: options.allowPlainHttp })
  const authorization: Record<string, string> = token.header ? { [token.header.toLowerCase()]: token.value } : { authorization: `Bearer ${token.value}` }
  let response: Response
  try {
    const body = request.body === undefined ? {} : { body: JSON.stringify(request.body) }
    response = await fetch(url, {
      method: request.method ?? 'GET',
      headers: { ...request.headers, ...authorization, accept: 'application/json', ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...body,
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? PLATFORM_TIMEOUT_MS),
    })
  } catch (error) {
    // The URL is ours (no secret in it); the cause says timeout, refused or reset.
    throw new PageReadError('transient', `The platform could not be reached at ${url.origin}${url.pathname}: ${(error as Error).message}`)
  }
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => (headers[name] = value))
  if (response.status === 401) {
    await response.body?.cancel()
    throw new AccessTokenRejectedError()
  }
  if (response.status === 429) {
    await response.body?.cancel()
    throw new PageReadError('rate_limited', 'The platform is rate limiting requests', retryAfterSeconds(response.headers.get('retry-after'), now))
  }
  if (response.status >= 500 || response.status === 408) {
    await response.body?.cancel()
    throw new PageReadError('transient', `The platform answered ${response.status} at ${url.pathname}`)
  }
  if (response.status === 404) {
    await response.body?.cancel()
    throw new PageReadError('not_supported', `The platform has nothing at ${url.pathname} (404)`)
  }
  if (response.status === 403) {
    await response.body?.cancel()
    throw new PageReadError('forbidden', `The platform refused access to ${url.pathname} (403): the authorization does not cover this data`)
  }
  if (response.status < 200 || response.status >= 300) {
    await response.body?.cancel()
    throw new PageReadError('refused', `The platform answered ${response.status} at ${url.pathname}`)
  }
  const length = Number(response.headers.get('content-length') ?? '0')
  if (length > MAX_BODY_BYTES) {
    await response.body?.cancel()
    throw new PageReadError('refused', `The platform sent a page of ${length} bytes; the most accepted is ${MAX_BODY_BYTES}`)
  }
  let body: unknown
  try {
    body = await response.json()
  } catch (error) {
    throw new PageReadError('transient', `The platform's answer at ${url.pathname} was cut off or is not JSON: ${(error as Error).message}`)
  }
  return { status: response.status, headers, body }
}

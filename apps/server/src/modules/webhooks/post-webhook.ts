/** @module One HTTP POST of a webhook to its consumer, refusing forbidden addresses at connect time; never throws. */
import { lookup as dnsLookup } from 'node:dns'
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP, type LookupFunction as NetLookupFunction } from 'node:net'
import { performance } from 'node:perf_hooks'
import { unbracketed } from './consumer-url.js'
import { forbiddenAddressReason, type OutboundPolicy } from './outbound-address.js'

/** The callback form of `dns.lookup`, as `http.request`'s `lookup` option takes it. */
export type LookupFunction = NetLookupFunction

export interface WebhookPostRequest {
  url: string
  headers: Record<string, string>
  body: string
  /** Bounds the whole exchange: connecting, the response headers and reading the response body. */
  timeoutMs: number
  policy: OutboundPolicy
  /** Resolves host names; defaults to `dns.lookup`. Tests inject one. */
  lookup?: LookupFunction
}

export interface WebhookPostResult {
  /** The consumer answered 2xx. */
  ok: boolean
  /** The consumer's status code, when it answered. */
  status: number | undefined
  durationMs: number
  /** Why the delivery failed, short enough for a delivery log; undefined when ok. */
  error: string | undefined
  /** The start of the consumer's response body (at most RESPONSE_EXCERPT_CHARACTERS), for the message log; undefined when it sent none. */
  responseExcerpt: string | undefined
}

/** How much of a consumer's answer the message log keeps: enough for "invalid signature" or a short JSON error. */
export const RESPONSE_EXCERPT_CHARACTERS = 500

/** Enough of the response body to let a consumer finish a short answer; the rest is never read. */
export const MAX_RESPONSE_BODY_BYTES = 64 * 1024

const defaultHeaders: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Linkway-Webhooks/1' }

/**
 * POSTs `body` to `url` once. Success is a 2xx; a redirect is a failure and is not followed, since
 * following it would take the request somewhere the consumer URL check never saw. The address is
 * checked on the connection itself (the lookup refuses it), so a name that resolved to a public
 * address when the URL was saved and to an internal one now (DNS rebinding) is refused.
 *
 * @example await postWebhook({ url, headers: { 'x-linkway-signature': signature }, body, timeoutMs: 15_000, policy }) // { ok: true, status: 200, durationMs: 84, error: undefined }
 */
export async function postWebhook(request: WebhookPostRequest): Promise<WebhookPostResult> {
  // Durations are measurements of this process's work, not business time, so they come from the
  // monotonic performance clock rather than the injected clock.
  const startedAt = performance.now()
  const result = (status: number | undefined, error: string | undefined, responseExcerpt?: string): WebhookPostResult => ({
    ok: error === undefined,
    status,
    durationMs: Math.round(performance.now() - startedAt),
    error,
    responseExcerpt,
  })

  let url: URL
  try {
    url = new URL(request.url)
  } catch {
    return result(undefined, 'invalid URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return result(undefined, `unsupported protocol ${url.protocol}`)
  // Node connects to an IP literal without calling lookup, so the lookup's check never runs for it.
  const host = unbracketed(url.hostname)
  if (isIP(host) !== 0) {
    const reason = forbiddenAddressReason(host, request.policy)
    if (reason !== undefined) return result(undefined, refusalMessage(host, reason))
  }

  return new Promise<WebhookPostResult>((resolve) => {
    let settled = false
    let req: ClientRequest | undefined
    let status: number | undefined
    // The first bytes of the answer only: a UTF-8 character needs at most 4, so this holds the excerpt.
    const excerptBytes: Buffer[] = []
    let excerptLength = 0
    const settle = (error: string | undefined): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      req?.destroy()
      resolve(result(status, error, responseExcerptOf(Buffer.concat(excerptBytes))))
    }
    // Once the status is in, it decides the outcome: the body is read only so that a consumer
    // writing a short answer is not cut off, and running out of time or bytes there is no failure.
    const settleOnStatus = (): void => settle(statusError(status ?? 0))
    const timer = setTimeout(() => (status === undefined ? settle(`timeout after ${request.timeoutMs} ms`) : settleOnStatus()), request.timeoutMs)

    const onResponse = (res: IncomingMessage): void => {
      status = res.statusCode ?? 0
      let bytesRead = 0
      const keepsExcerpt = isExcerptKeptFrom(res.socket?.remoteAddress)
      res.on('data', (chunk: Buffer) => {
        if (keepsExcerpt && excerptLength < RESPONSE_EXCERPT_CHARACTERS * 4) {
          const kept = chunk.subarray(0, RESPONSE_EXCERPT_CHARACTERS * 4 - excerptLength)
          excerptBytes.push(kept)
          excerptLength += kept.length
        }
        bytesRead += chunk.length
        if (bytesRead >= MAX_RESPONSE_BODY_BYTES) settleOnStatus()
      })
      res.on('end', settleOnStatus)
      res.on('error', settleOnStatus)
      res.on('close', settleOnStatus)
    }

    try {
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest
      req = send(url, {
        method: 'POST',
        headers: requestHeaders(request.headers, request.body),
        lookup: refusingLookup(request.lookup ?? systemLookup, request.policy),
        // A fresh connection for every delivery: a pooled socket would skip the lookup and its check.
        agent: false,
      }, onResponse)
    } catch (error) {
      // http.request throws synchronously for invalid header names or values.
      settle(describeError(error))
      return
    }
    req.on('error', (error) => settle(describeError(error)))
    req.end(request.body)
  })
}

/** Defaults, then the caller's headers (either case wins over a default), then the body's length. */
function requestHeaders(given: Record<string, string>, body: string): Record<string, string> {
  const headers: Record<string, string> = { ...defaultHeaders }
  for (const [name, value] of Object.entries(given)) headers[name.toLowerCase()] = value
  // Always the real length, so the body is never sent chunked and a wrong value cannot truncate it.
  headers['content-length'] = String(Buffer.byteLength(body))
  return headers
}

/**
 * Whether the answer of the address connected to may be kept (and shown in the message log). Not
 * from a private network's address (WEBHOOK_ALLOW_PRIVATE): whoever adds a consumer could then
 * read an internal service's answers through the log, turning a blind request into a read.
 * Loopback is reachable only where it is allowed (a developer's own machine, tests), whose own
 * receiver's answer is the point.
 */
export function isExcerptKeptFrom(remoteAddress: string | undefined): boolean {
  if (remoteAddress === undefined) return false
  return forbiddenAddressReason(remoteAddress, { allowLoopback: true, allowPrivate: false }) === undefined
}

/**
 * The answer as text, cut to RESPONSE_EXCERPT_CHARACTERS. A character cut in half becomes U+FFFD;
 * NUL (which a PostgreSQL text column refuses) and other control characters but line breaks and
 * tabs become spaces, since the log shows it as text.
 */
function responseExcerptOf(bytes: Buffer): string | undefined {
  const text = Array.from(bytes.toString('utf8').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' '))
    .slice(0, RESPONSE_EXCERPT_CHARACTERS)
    .join('')
    .trimEnd()
  return text === '' ? undefined : text
}

function statusError(status: number): string | undefined {
  if (status >= 200 && status < 300) return undefined
  if (status >= 300 && status < 400) return `redirect not followed (HTTP ${status})`
  return `HTTP ${status}`
}

/** Raised from the lookup, so Node never opens the connection. */
class ForbiddenAddressError extends Error {
  readonly code = 'ERR_LINKWAY_FORBIDDEN_ADDRESS'
}

function refusalMessage(address: string, reason: string): string {
  return `refused: the address ${address} is ${reason}`
}

const systemLookup: LookupFunction = (hostname, options, callback) => dnsLookup(hostname, options, callback)

/**
 * Resolves every address of the name and refuses them all if any is forbidden: with several
 * addresses Node may try each in turn, and an answer mixing public and internal addresses is the
 * shape of a rebinding attack.
 */
function refusingLookup(lookup: LookupFunction, policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, found, family) => {
      if (error) return callback(error, '', undefined)
      const addresses = typeof found === 'string' ? [{ address: found, family: family ?? isIP(found) }] : found
      const first = addresses[0]
      if (first === undefined) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', undefined)
      for (const { address } of addresses) {
        const reason = forbiddenAddressReason(address, policy)
        if (reason !== undefined) return callback(new ForbiddenAddressError(refusalMessage(address, reason)), '', undefined)
      }
      if (options.all) callback(null, addresses)
      else callback(null, first.address, first.family)
    })
  }
}

function describeError(error: unknown): string {
  if (error instanceof ForbiddenAddressError) return error.message
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused'
    case 'ECONNRESET':
      return 'connection reset'
    case 'EPIPE':
      return 'connection closed while sending'
    case 'ENOTFOUND':
    case 'ENODATA':
    case 'EAI_NONAME':
      return 'the host name does not resolve'
    case 'EAI_AGAIN':
      return 'DNS lookup failed'
    case 'ETIMEDOUT':
      return 'connection timed out'
    case 'EHOSTUNREACH':
      return 'host unreachable'
    case 'ENETUNREACH':
      return 'network unreachable'
    case 'ERR_INVALID_CHAR':
    case 'ERR_INVALID_HTTP_TOKEN':
    case 'ERR_HTTP_INVALID_HEADER_VALUE':
      // Node's message names the header; the value (maybe a signature) is never repeated.
      return 'invalid request header'
    case undefined:
      return 'request failed'
    default:
      // TLS failures (CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID, …) and the rarer socket errors.
      return code.startsWith('ERR_TLS') || /CERT|SELF_SIGNED|UNABLE_TO/.test(code) ? `TLS error (${code})` : `request failed (${code})`
  }
}

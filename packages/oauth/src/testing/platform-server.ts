/**
 * @module A platform's authorization server for the token endpoint tests: real HTTP on 127.0.0.1
 * (port 0), answering what the test says and recording every request exactly as it arrived, so a
 * test asserts what the platform was sent, not what a mock of fetch was called with.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createCatalogue, type EndpointOverride, type OAuth2Auth } from '@linkway/connectors'
import { PlatformAuthError } from '../platform-auth-error.js'

export interface ReceivedRequest {
  method: string
  /** Path and query, e.g. `/zoho/revoke?token=…`. */
  url: string
  headers: IncomingHttpHeaders
  body: string
}

export interface PlatformAnswer {
  status: number
  headers?: Record<string, string>
  /** A string is sent as is; anything else as JSON (with its content-type). Absent: no body. */
  body?: unknown
}

export interface PlatformServer {
  /** `http://127.0.0.1:{port}`, no trailing slash. */
  readonly url: string
  /** Every request since the last `answerWith`, oldest first. */
  readonly received: ReceivedRequest[]
  /** Answers every following request so (and forgets what was received before). */
  answerWith(answer: PlatformAnswer): void
  close(): Promise<void>
}

export async function startPlatformServer(): Promise<PlatformServer> {
  let answer: PlatformAnswer = { status: 500, body: 'no answer set by the test' }
  const received: ReceivedRequest[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') })
      const isJson = answer.body !== undefined && typeof answer.body !== 'string'
      const body = answer.body === undefined ? '' : isJson ? JSON.stringify(answer.body) : (answer.body as string)
      response.writeHead(answer.status, { ...(isJson ? { 'content-type': 'application/json' } : {}), ...answer.headers }).end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    answerWith(next) {
      answer = next
      received.length = 0
    },
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

/**
 * A shipped platform's OAuth definition pointed at the test server, as the catalogue resolves it
 * for an emulation (so with its `allowPlainHttp`): what the server's call sites pass in.
 */
export function platformAuth(key: string, endpoints: EndpointOverride): OAuth2Auth {
  const auth = createCatalogue({ endpointOverrides: { [key]: endpoints } }).get(key)?.auth
  if (auth?.kind !== 'oauth2') throw new Error(`${key} is not an OAuth2 platform`)
  return auth
}

/**
 * The definition without its ID token checks: for the tests of the token endpoint's other rules, which use Xero as
 * the platform with Basic client authentication and rotating refresh tokens. The checks are tested against the Xero
 * emulation itself, whose ID tokens are signed (apps/server's id-token-checks test).
 */
export function withoutIdTokenCheck(auth: OAuth2Auth): OAuth2Auth {
  const { idToken: _checked, ...rest } = auth
  return rest
}

/** The same definition without the catalogue's opt-in, as a real platform's would be. */
export function withoutPlainHttp(auth: OAuth2Auth): OAuth2Auth {
  const { allowPlainHttp: _optIn, ...rest } = auth
  return rest
}

/** The form body a platform received, as an object. */
export function formOf(request: ReceivedRequest | undefined): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(request?.body ?? ''))
}

/** What a caller reads of a PlatformAuthError; fails the test when the promise settles otherwise. */
export async function platformAuthFailureOf(promise: Promise<unknown>): Promise<{ code: string; message: string; isTransient: boolean; details: PlatformAuthError['details'] }> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!(error instanceof PlatformAuthError)) throw new Error(`expected a PlatformAuthError, got ${error === undefined ? 'success' : String(error)}`)
  return { code: error.code, message: error.message, isTransient: error.isTransient, details: error.details }
}

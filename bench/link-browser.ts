/**
 * @module The Link bench's other side, in a child process (so neither shares Linkway's event loop):
 * the sandbox platforms (`startSandboxPlatforms`, port 0, on 127.0.0.1) and a "browser" that walks
 * Link journeys against Linkway as apps/server/src/modules/link/link-flow.test.ts does: create the
 * connection (the client's API call), GET its Link URL (a 302 to the sandbox), approve the consent
 * (`approveConsent`: the sandbox's page and form), GET the callback (a 302 to the client's
 * redirect, which is read, never followed). It follows no redirect that leaves 127.0.0.1.
 * Each step's round trip is timed here; Linkway's own time is measured in the bench process.
 */
import { approveConsent, startSandboxPlatforms, type RunningSandbox } from '@linkway/sandbox-platforms'
import { serveRpc } from './child-rpc.js'

export type BrowserRequest =
  | { type: 'startSandbox'; client: { clientId: string; clientSecret: string }; redirectUri: string }
  | {
      type: 'journeys'
      /** Linkway's address (its PUBLIC_URL) and the bench client's `Authorization` header. */
      linkway: { url: string; authorization: string }
      platformKey: string
      /** Journey i creates its connection in company i mod their number. */
      companyIds: string[]
      count: number
      /** Journeys in flight at once. */
      concurrency: number
      /** Where the callback must redirect: the client's redirect URL up to its placeholders. */
      expectedRedirectPrefix: string
    }

export interface JourneysResult {
  journeys: number
  completed: number
  failed: number
  /** The first few failures, as messages. */
  failures: string[]
  wallMs: number
  /** Round trips as this browser saw them (ms), one per completed journey, in completion order. */
  roundTripMs: { create: number[]; start: number[]; consent: number[]; callback: number[]; total: number[] }
}

/** `adminToken`: what the sandbox's admin routes require (`Authorization: Bearer …`). */
export type BrowserResult = { type: 'sandbox'; url: string; adminToken: string } | { type: 'journeys'; result: JourneysResult }

const REQUEST_TIMEOUT_MS = 10_000
let sandbox: RunningSandbox | undefined

function elapsedSince(startMs: number): number {
  return performance.now() - startMs
}

/** A browser's GET that stays on loopback and never follows a redirect. The body is read, so the socket is free again. */
async function get(url: string): Promise<{ status: number; location: string | null }> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`the bench browser stays on loopback: ${url}`)
  const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
  await response.arrayBuffer()
  return { status: response.status, location: response.headers.get('location') }
}

async function journey(request: Extract<BrowserRequest, { type: 'journeys' }>, index: number): Promise<{ create: number; start: number; consent: number; callback: number; total: number }> {
  const { linkway, platformKey, companyIds, expectedRedirectPrefix } = request
  const companyId = companyIds[index % companyIds.length]!
  const began = performance.now()
  const created = await fetch(`${linkway.url}/companies/${companyId}/connections`, {
    method: 'POST',
    headers: { authorization: linkway.authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ platformKey }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  })
  const connection = (await created.json()) as { id?: string; linkUrl?: string }
  const create = elapsedSince(began)
  if (created.status !== 200 || !connection.linkUrl || !connection.id) throw new Error(`create connection answered ${created.status}: ${JSON.stringify(connection).slice(0, 200)}`)

  const startBegan = performance.now()
  const started = await get(connection.linkUrl)
  const start = elapsedSince(startBegan)
  if (started.status !== 302 || !started.location?.startsWith(`${sandbox!.url}/`)) throw new Error(`the Link URL answered ${started.status} to ${started.location}, not a redirect to the sandbox`)

  const consentBegan = performance.now()
  const callbackUrl = await approveConsent(started.location)
  const consent = elapsedSince(consentBegan)
  if (!callbackUrl.startsWith(`${linkway.url}/link/oauth/callback?`)) throw new Error(`the sandbox sent the browser to ${callbackUrl}, not to Linkway's callback`)

  const callbackBegan = performance.now()
  const done = await get(callbackUrl)
  const callback = elapsedSince(callbackBegan)
  if (done.status !== 302 || !done.location?.startsWith(expectedRedirectPrefix) || !done.location.includes(`conn=${connection.id}`) || !done.location.includes('status=200')) {
    throw new Error(`the callback answered ${done.status} to ${done.location}, not the client's redirect with status=200 for connection ${connection.id}`)
  }
  return { create, start, consent, callback, total: elapsedSince(began) }
}

async function runJourneys(request: Extract<BrowserRequest, { type: 'journeys' }>): Promise<JourneysResult> {
  if (!sandbox) throw new Error('the sandbox is not started')
  const result: JourneysResult = { journeys: request.count, completed: 0, failed: 0, failures: [], wallMs: 0, roundTripMs: { create: [], start: [], consent: [], callback: [], total: [] } }
  let next = 0
  const began = performance.now()
  const worker = async () => {
    while (next < request.count) {
      const index = next++
      try {
        const timing = await journey(request, index)
        result.completed++
        for (const step of ['create', 'start', 'consent', 'callback', 'total'] as const) result.roundTripMs[step].push(timing[step])
      } catch (error) {
        result.failed++
        if (result.failures.length < 5) result.failures.push(`journey ${index}: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(request.concurrency, request.count)) }, worker))
  result.wallMs = elapsedSince(began)
  return result
}

async function handle(request: BrowserRequest): Promise<BrowserResult> {
  if (request.type === 'startSandbox') {
    if (sandbox) throw new Error('the sandbox is already started')
    sandbox = await startSandboxPlatforms({ port: 0, clients: [{ ...request.client, redirectUris: [request.redirectUri] }] })
    return { type: 'sandbox', url: sandbox.url, adminToken: sandbox.adminToken }
  }
  return { type: 'journeys', result: await runJourneys(request) }
}

serveRpc(handle, async () => {
  await sandbox?.close()
})

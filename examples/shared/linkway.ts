/**
 * @module What both Embedded Link examples' servers do before they serve the page: read their
 * settings, and ask Linkway (with the API key, which never leaves the server) for a company, the
 * page's origin in the CORS settings, and a company access token for the page.
 */
import type { IncomingMessage } from 'node:http'

export interface ExampleConfig {
  /** Where Linkway is, for this server's API calls and for the page's `import()` alike. */
  linkwayUrl: string
  apiKey: string
  port: number
}

/** The examples' environment: LINKWAY_URL, LINKWAY_API_KEY (required), EXAMPLE_PORT. Exits with a hint when the key is missing. */
export function readExampleConfig(env: NodeJS.ProcessEnv, defaultPort: number, command: string): ExampleConfig {
  const apiKey = env.LINKWAY_API_KEY?.trim()
  if (!apiKey) {
    console.error(`Set LINKWAY_API_KEY to the API key Linkway's start banner printed (npm start):\n  LINKWAY_API_KEY=lwk_… ${command}`)
    process.exit(1)
  }
  const port = Number(env.EXAMPLE_PORT ?? defaultPort)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`EXAMPLE_PORT must be a port number, not "${env.EXAMPLE_PORT}"`)
    process.exit(1)
  }
  return { linkwayUrl: (env.LINKWAY_URL ?? 'http://localhost:8080').replace(/\/+$/, ''), apiKey, port }
}

/**
 * The origin the browser is on, from the Host it asked for: `localhost` and `127.0.0.1` are two
 * origins, and whichever the person typed must be in the CORS settings. Loopback only: this server
 * adds the origin to your client's CORS settings, so it must not take any Host a request claims.
 * A real application knows its origin from its own configuration.
 */
export function pageOriginOf(request: IncomingMessage): string | undefined {
  const host = request.headers.host ?? ''
  return /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/.test(host) ? `http://${host}` : undefined
}

export interface EmbeddedLinkSetup {
  linkwayUrl: string
  companyId: string
  accessToken: string
}

/**
 * One visitor's Link: a new company (as a new customer of yours would get), the page's origin added
 * to the CORS settings (the origins already there are kept), and a company access token (a day's
 * validity; the page may act for this company only).
 */
export async function prepareEmbeddedLink(config: ExampleConfig, pageOrigin: string, companyName: string): Promise<EmbeddedLinkSetup> {
  const company = (await callLinkway(config, 'POST', '/companies', { name: companyName })) as { id: string }
  const { allowedOrigins } = (await callLinkway(config, 'GET', '/corsSettings')) as { allowedOrigins: string[] }
  if (!allowedOrigins.includes(pageOrigin)) await callLinkway(config, 'POST', '/corsSettings', { allowedOrigins: [...allowedOrigins, pageOrigin] })
  const { accessToken } = (await callLinkway(config, 'GET', `/companies/${company.id}/accessToken`)) as { accessToken: string }
  return { linkwayUrl: config.linkwayUrl, companyId: company.id, accessToken }
}

async function callLinkway(config: ExampleConfig, method: 'GET' | 'POST', path: string, body?: object): Promise<unknown> {
  const response = await fetch(`${config.linkwayUrl}${path}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from(config.apiKey).toString('base64')}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  const answer = (await response.json().catch(() => undefined)) as { error?: string } | undefined
  if (!response.ok) throw new Error(`Linkway answered ${response.status} to ${method} ${path}${answer?.error ? `: ${answer.error}` : ''}`)
  return answer
}

/** The page's settings as a JSON data block (no script runs from it); `<` escaped so no value can end the element. */
export function configScript(setup: EmbeddedLinkSetup): string {
  return `<script type="application/json" id="link-config">${JSON.stringify(setup).replaceAll('<', '\\u003c')}</script>`
}

/**
 * Headers of a page that holds a company access token: never stored by a cache, and no Referer
 * sent from it.
 */
export const PAGE_HEADERS = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }

/** What a person sees when the setup failed: the reason (never the key), and where to look. */
export function setupFailurePage(error: unknown): string {
  const reason = (error instanceof Error ? error.message : String(error)).replace(/[<&>]/g, (c) => `&#${c.charCodeAt(0)};`)
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Example not ready</title><p>This example could not prepare Link: ${reason}.</p><p>Is Linkway running (<code>npm start</code>), and is LINKWAY_API_KEY its key?</p></html>`
}

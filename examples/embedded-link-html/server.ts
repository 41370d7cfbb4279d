/**
 * @module Embedded Link on a plain HTML page (examples/embedded-link-html/README.md). Each load of
 * the page gets a new company and a company access token from Linkway, server-side; the page
 * (index.html) mounts Link with them. Run: `LINKWAY_API_KEY=lwk_… npm run example:embedded-html`.
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { configScript, PAGE_HEADERS, pageOriginOf, prepareEmbeddedLink, readExampleConfig, setupFailurePage } from '../shared/linkway.js'

const config = readExampleConfig(process.env, 3001, 'npm run example:embedded-html')
const page = readFileSync(new URL('./index.html', import.meta.url), 'utf8')
const CONFIG_PLACEHOLDER = /<!-- link-config:[^>]*-->/

const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://x').pathname
  // No icon: say so, rather than a 404 in the console of every visit.
  if (path === '/favicon.ico') return void response.writeHead(204).end()
  if (request.method !== 'GET' || path !== '/') return void response.writeHead(404).end()
  const origin = pageOriginOf(request)
  if (!origin) return void response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Open this example at http://localhost or http://127.0.0.1.')
  prepareEmbeddedLink(config, origin, 'HTML example customer').then(
    (setup) => response.writeHead(200, PAGE_HEADERS).end(page.replace(CONFIG_PLACEHOLDER, configScript(setup))),
    (error: unknown) => response.writeHead(502, PAGE_HEADERS).end(setupFailurePage(error)),
  )
})

// Loopback only: each page load spends your API key on a new company.
server.listen(config.port, '127.0.0.1', () => {
  console.log(`Embedded Link example (plain HTML): http://localhost:${(server.address() as AddressInfo).port} (Linkway at ${config.linkwayUrl})`)
})

/**
 * @module Embedded Link in a React page (examples/embedded-link-react/README.md). At start it
 * bundles page.tsx (React and `@linkway/link-react`) with esbuild; each load of the page gets a
 * new company and a company access token from Linkway, server-side, for the page to mount Link
 * with. Run: `LINKWAY_API_KEY=lwk_… npm run example:embedded-react`.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { configScript, PAGE_HEADERS, pageOriginOf, prepareEmbeddedLink, readExampleConfig, setupFailurePage, type EmbeddedLinkSetup } from '../shared/linkway.js'

const config = readExampleConfig(process.env, 3002, 'npm run example:embedded-react')

const bundle = await build({
  entryPoints: [fileURLToPath(new URL('./page.tsx', import.meta.url))],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  jsx: 'automatic',
  // This repository's packages as sources (no build step); an installed package resolves as usual.
  conditions: ['source'],
  define: { 'process.env.NODE_ENV': '"production"' },
  write: false,
  logLevel: 'warning',
})
const script = bundle.outputFiles[0]!.contents

const page = (setup: EmbeddedLinkSetup) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Embedded Link: React</title>
  <style>
    body { font-family: system-ui, sans-serif; margin: 2rem; color: #1a1a1a }
    main { display: flex; flex-wrap: wrap; gap: 2rem; align-items: flex-start }
  </style>
</head>
<body>
  <h1>Acme Lending: connect your business</h1>
  <div id="root"></div>
  ${configScript(setup)}
  <script type="module" src="/page.js"></script>
</body>
</html>`

const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://x').pathname
  // No icon: say so, rather than a 404 in the console of every visit.
  if (path === '/favicon.ico') return void response.writeHead(204).end()
  if (request.method === 'GET' && path === '/page.js') return void response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script)
  if (request.method !== 'GET' || path !== '/') return void response.writeHead(404).end()
  const origin = pageOriginOf(request)
  if (!origin) return void response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Open this example at http://localhost or http://127.0.0.1.')
  prepareEmbeddedLink(config, origin, 'React example customer').then(
    (setup) => response.writeHead(200, PAGE_HEADERS).end(page(setup)),
    (error: unknown) => response.writeHead(502, PAGE_HEADERS).end(setupFailurePage(error)),
  )
})

// Loopback only: each page load spends your API key on a new company.
server.listen(config.port, '127.0.0.1', () => {
  console.log(`Embedded Link example (React): http://localhost:${(server.address() as AddressInfo).port} (Linkway at ${config.linkwayUrl})`)
})

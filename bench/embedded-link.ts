/**
 * @module `npm run bench:embedded-link`: Embedded Link's first render in Chromium on loopback. A
 * client's page on another origin (a bare Node server on its own 127.0.0.1 port, listed in the
 * client's CORS settings, no token) runs the reference's sample: `await import('{linkway}/sdk/link.js')`,
 * then `new CodatLink({ target, props })`. Measured in the page, from just before the `import()`
 * to the frame in which the first screen's heading is laid out and visible in Link's shadow root.
 * Each load is in a fresh browser context (nothing cached: a person's first visit), after warm-up
 * loads that warm the server, not the browser. Also reports the bytes the component fetched from
 * `/sdk/`, gzipped. Targets: first render p50 and p95 ≤ 300 ms; the component ≤ 25 KB gzipped.
 * Needs Debian's Chromium (/usr/bin/chromium).
 *
 * Environment: BENCH_EMBED_LOADS (measured loads, default 20).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { createDatabase } from '@linkway/db'
import { chromium, type Response } from 'playwright-core'
import { freeLoopbackPort } from '../apps/server/src/testing/test-app.js'
import { Cleanups } from './cleanups.js'
import { startOurServer } from './our-app.js'
import { percentile } from './report.js'
import { numberFromEnv } from './settings.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const loads = numberFromEnv('BENCH_EMBED_LOADS', 20, 5, 500)
const WARM_UP_LOADS = 3
const TARGET_FIRST_RENDER_MS = 300
const TARGET_GZIPPED_BYTES = 25 * 1024
const HEADING = 'Connect your platforms'

/**
 * The reference's vanilla sample, plus the measurement: the clock starts just before `import()`,
 * and each animation frame looks for the heading in Link's shadow root until it is visible.
 */
function hostPage(linkway: string, companyId: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme Lending</title></head>
<body><div id="codat-link-container" style="width:460px;height:840px"></div>
<script type="module">
  const target = document.getElementById('codat-link-container')
  const startedAt = performance.now()
  const { CodatLink } = await import(${JSON.stringify(`${linkway}/sdk/link.js`)})
  window.importedMs = performance.now() - startedAt
  new CodatLink({ target, props: { companyId: ${JSON.stringify(companyId)}, onConnection() {}, onFinish() {}, onClose() {}, onError(error) { window.linkError = error.message } } })
  const isHeadingVisible = () => {
    const heading = target.firstElementChild?.shadowRoot?.querySelector('h1')
    return heading !== null && heading !== undefined && heading.textContent === ${JSON.stringify(HEADING)} && heading.checkVisibility() && heading.getBoundingClientRect().height > 0
  }
  const look = (now) => (isHeadingVisible() ? (window.firstRenderMs = now - startedAt) : requestAnimationFrame(look))
  requestAnimationFrame(look)
</script></body></html>`
}

/** What a response cost on the wire, gzipped: as sent when the server compressed it, else as zlib's default level would. */
async function gzippedBytes(response: Response): Promise<number> {
  const body = await response.body()
  if (response.headers()['content-encoding'] === 'gzip') return (await response.request().sizes()).responseBodySize
  return gzipSync(body).length
}

async function main(): Promise<void> {
  if (!existsSync('/usr/bin/chromium')) {
    console.log('embedded-link bench skipped: /usr/bin/chromium is not installed (apt-get install -y chromium)')
    return
  }
  const cleanups = new Cleanups()
  try {
    execFileSync(process.execPath, [path.join(here, '../packages/link-ui/scripts/build-bundle.mjs')], { stdio: 'inherit' })
    const database = await createDatabase({ backend: 'pglite' })
    cleanups.push(() => database.close())
    await database.migrate()
    const ours = await startOurServer(database, { listenPort: await freeLoopbackPort() })
    cleanups.push(() => ours.close())
    const call = async (method: 'GET' | 'POST', url: string, body?: object) => {
      const response = await fetch(`${ours.url}${url}`, { method, headers: { authorization: ours.authorization, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) })
      if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`)
      return (await response.json()) as Record<string, unknown>
    }
    const companyId = (await call('POST', '/companies', { name: 'Embed bench' })).id as string

    let html = ''
    const host = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html))
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise<void>((resolve) => host.close(() => resolve())))
    const hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`
    html = hostPage(ours.url, companyId)
    await call('POST', '/corsSettings', { allowedOrigins: [hostOrigin] })

    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    cleanups.push(() => browser.close())

    const firstRenders: number[] = []
    const imports: number[] = []
    /** Where the time of the last load went: each request's start and end, from the clock's start (ms). */
    let waterfall: Array<{ name: string; startMs: number; endMs: number }> = []
    let sdkFiles: Array<{ url: string; bytes: number; gzippedBytes: number }> = []
    for (let i = 0; i < WARM_UP_LOADS + loads; i += 1) {
      // A fresh context each time: nothing cached, as for a person's first visit.
      const context = await browser.newContext()
      await context.route(/^(?!http:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort())
      const page = await context.newPage()
      const fetched: Promise<{ url: string; bytes: number; gzippedBytes: number }>[] = []
      page.on('response', (response) => {
        const isSdkScript = response.url().startsWith(`${ours.url}/sdk/`) && response.status() === 200 && /javascript/.test(response.headers()['content-type'] ?? '')
        if (isSdkScript) fetched.push(response.body().then(async (body) => ({ url: new URL(response.url()).pathname, bytes: body.length, gzippedBytes: await gzippedBytes(response) })))
      })
      await page.goto(`${hostOrigin}/`)
      await page.waitForFunction('window.firstRenderMs !== undefined || window.linkError !== undefined', undefined, { timeout: 15_000 })
      const error = await page.evaluate('window.linkError')
      if (error) throw new Error(`Link reported an error: ${String(error)}`)
      if (i >= WARM_UP_LOADS) {
        firstRenders.push((await page.evaluate('window.firstRenderMs')) as number)
        imports.push((await page.evaluate('window.importedMs')) as number)
      }
      waterfall = (await page.evaluate(
        `(() => { const origin = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/sdk/link.js'))?.startTime ?? 0; return performance.getEntriesByType('resource').filter((e) => e.name.includes('/sdk/') || e.name.includes('/link/api/')).map((e) => ({ name: new URL(e.name).pathname, startMs: Math.round(e.startTime - origin), endMs: Math.round(e.responseEnd - origin) })) })()`,
      )) as typeof waterfall
      sdkFiles = await Promise.all(fetched)
      await context.close()
    }

    const sorted = [...firstRenders].sort((a, b) => a - b)
    const summary = { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.at(-1)! }
    const sortedImports = [...imports].sort((a, b) => a - b)
    const importSummary = { p50: percentile(sortedImports, 0.5), p95: percentile(sortedImports, 0.95), max: sortedImports.at(-1)! }
    const gzippedTotal = sdkFiles.reduce((sum, file) => sum + file.gzippedBytes, 0)
    const rawTotal = sdkFiles.reduce((sum, file) => sum + file.bytes, 0)
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

    // Two cores shared with other work: a busy machine shows here first, so the run says how busy it was.
    const [load1] = os.loadavg()
    console.log(`\n(load average ${load1!.toFixed(1)} on ${os.cpus().length} cores during the run)`)
    console.log(`Embedded Link in Chromium on loopback: import() of /sdk/link.js to the first screen's heading visible, ${loads} loads, fresh context each (ms)`)
    console.log(`first render  p50 ${summary.p50.toFixed(0)}  p95 ${summary.p95.toFixed(0)}  max ${summary.max.toFixed(0)}`)
    console.log(`of which import()  p50 ${importSummary.p50.toFixed(0)}  p95 ${importSummary.p95.toFixed(0)}  max ${importSummary.max.toFixed(0)}`)
    const isP50Met = summary.p50 <= TARGET_FIRST_RENDER_MS
    const isP95Met = summary.p95 <= TARGET_FIRST_RENDER_MS
    console.log(`first render p50 ≤ ${TARGET_FIRST_RENDER_MS} ms: ${isP50Met ? 'met' : 'MISSED'}; p95 ≤ ${TARGET_FIRST_RENDER_MS} ms: ${isP95Met ? 'met' : 'MISSED'}`)
    console.log(`\nThe component's files fetched from /sdk/ (last load):`)
    for (const file of sdkFiles) console.log(`  ${file.url.padEnd(36)} ${kb(file.bytes).padStart(9)}  gzipped ${kb(file.gzippedBytes).padStart(8)}`)
    console.log(`\nThe last load's requests (ms from the import's first request; the API's preflights are not listed by the browser):`)
    for (const entry of waterfall) console.log(`  ${entry.name.padEnd(60)} ${String(entry.startMs).padStart(5)} → ${String(entry.endMs).padStart(5)}`)
    const isSizeMet = gzippedTotal <= TARGET_GZIPPED_BYTES
    console.log(`total ${kb(rawTotal)}, gzipped ${kb(gzippedTotal)} (${gzippedTotal} bytes) ≤ ${kb(TARGET_GZIPPED_BYTES)}: ${isSizeMet ? 'met' : 'MISSED'}`)

    mkdirSync(path.join(here, 'results'), { recursive: true })
    writeFileSync(
      path.join(here, 'results', 'embedded-link.json'),
      JSON.stringify({ loads, loadAverage: load1, firstRenderMs: summary, importMs: importSummary, waterfall, targetFirstRenderMs: TARGET_FIRST_RENDER_MS, isP50Met, isP95Met, sdkFiles, gzippedTotal, targetGzippedBytes: TARGET_GZIPPED_BYTES, isSizeMet }, null, 2),
    )
  } finally {
    await cleanups.run()
  }
}

await main()

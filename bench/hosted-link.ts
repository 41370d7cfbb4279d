/**
 * @module `npm run bench:hosted-link`: how fast the hosted Link page paints in Chromium on
 * loopback, against a ceiling measured in the same run: a static page with the same heading
 * served by a bare Node server (what a browser needs at least to paint anything from this machine).
 * Reports first contentful paint and the time until the component's first heading is on screen.
 * Target: our first paint p50 ≤ 500 ms. Needs Debian's Chromium (/usr/bin/chromium).
 *
 * Environment: BENCH_PAINT_LOADS (page loads per variant, default 40).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDatabase } from '@linkway/db'
import { chromium } from 'playwright-core'
import { freeLoopbackPort } from '../apps/server/src/testing/test-app.js'
import { Cleanups } from './cleanups.js'
import { startOurServer } from './our-app.js'
import { percentile } from './report.js'
import { numberFromEnv } from './settings.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const loads = numberFromEnv('BENCH_PAINT_LOADS', 40, 5, 500)
const TARGET_FIRST_PAINT_MS = 500

interface PaintTimes {
  firstContentfulPaint: number
  headingVisible: number
}

async function main(): Promise<void> {
  if (!existsSync('/usr/bin/chromium')) {
    console.log('hosted-link bench skipped: /usr/bin/chromium is not installed (apt-get install -y chromium)')
    return
  }
  const cleanups = new Cleanups()
  try {
    execFileSync(process.execPath, [path.join(here, '../packages/link-ui/scripts/build-bundle.mjs')], { stdio: 'inherit' })
    const database = await createDatabase({ backend: 'pglite' })
    cleanups.push(() => database.close())
    await database.migrate()
    const port = await freeLoopbackPort()
    const ours = await startOurServer(database, { listenPort: port })
    cleanups.push(() => ours.close())
    const company = await (
      await fetch(`${ours.url}/companies`, { method: 'POST', headers: { authorization: ours.authorization, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Paint bench' }) })
    ).json() as { id: string }

    const ceiling = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      response.end('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ceiling</title></head><body><main><h1>Connect your platforms</h1></main></body></html>')
    })
    await new Promise<void>((resolve) => ceiling.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise<void>((resolve) => ceiling.close(() => resolve())))
    const ceilingUrl = `http://127.0.0.1:${(ceiling.address() as AddressInfo).port}/`

    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    cleanups.push(() => browser.close())

    const measure = async (url: string): Promise<PaintTimes[]> => {
      const times: PaintTimes[] = []
      for (let i = 0; i < loads + 3; i += 1) {
        // A fresh context each time: nothing cached, as for a person's first visit.
        const context = await browser.newContext()
        await context.route(/^(?!http:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort())
        const page = await context.newPage()
        await page.goto(url)
        await page.getByRole('heading', { name: 'Connect your platforms' }).waitFor()
        const paint = (await page.evaluate(
          `new Promise((resolve) => { const fcp = () => performance.getEntriesByName('first-contentful-paint')[0]; const done = () => resolve({ fcp: fcp().startTime, now: performance.now() }); fcp() ? done() : new PerformanceObserver(done).observe({ type: 'paint', buffered: true }) })`,
        )) as { fcp: number; now: number }
        if (i >= 3) times.push({ firstContentfulPaint: paint.fcp, headingVisible: paint.now })
        await context.close()
      }
      return times
    }

    const summary = (times: PaintTimes[]) => {
      const fcp = times.map((t) => t.firstContentfulPaint).sort((a, b) => a - b)
      const heading = times.map((t) => t.headingVisible).sort((a, b) => a - b)
      return { fcpP50: percentile(fcp, 0.5), fcpP95: percentile(fcp, 0.95), headingP50: percentile(heading, 0.5), headingP95: percentile(heading, 0.95) }
    }
    const ceilingSummary = summary(await measure(ceilingUrl))
    const ourSummary = summary(await measure(`${ours.url}/link/company/${company.id}`))
    const row = (name: string, s: ReturnType<typeof summary>) =>
      `${name.padEnd(22)} ${s.fcpP50.toFixed(0).padStart(6)} ${s.fcpP95.toFixed(0).padStart(6)} ${s.headingP50.toFixed(0).padStart(8)} ${s.headingP95.toFixed(0).padStart(8)}`
    console.log(`\nHosted Link in Chromium on loopback, ${loads} loads each, fresh context per load (ms)`)
    console.log(`${'page'.padEnd(22)} ${'FCP p50'.padStart(6)} ${'p95'.padStart(6)} ${'heading p50'.padStart(8)} ${'p95'.padStart(8)}`)
    console.log(row('ceiling (static page)', ceilingSummary))
    console.log(row('hosted Link', ourSummary))
    const isMet = ourSummary.fcpP50 <= TARGET_FIRST_PAINT_MS
    console.log(`\nfirst paint p50 ≤ ${TARGET_FIRST_PAINT_MS} ms: ${isMet ? 'met' : 'MISSED'} (${ourSummary.fcpP50.toFixed(0)} ms)`)
    mkdirSync(path.join(here, 'results'), { recursive: true })
    writeFileSync(path.join(here, 'results', 'hosted-link.json'), JSON.stringify({ loads, ceiling: ceilingSummary, hostedLink: ourSummary, targetMet: isMet }, null, 2))
  } finally {
    await cleanups.run()
  }
}

await main()

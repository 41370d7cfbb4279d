/**
 * @module `npm run bench:link-clicks`: how many clicks a person needs in Chromium from the Link URL
 * to one connected accounting platform (the accounting sandbox, default Link settings), counted
 * click by click, and how much JavaScript the page loads for it, gzipped. Targets: ≤ 4 clicks,
 * ≤ 40 KB of JavaScript. Everything runs on 127.0.0.1 (Linkway, the sandbox platforms, Chromium);
 * needs Debian's Chromium (/usr/bin/chromium).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { createDatabase } from '@linkway/db'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { startSandboxPlatforms } from '@linkway/sandbox-platforms'
import { chromium, type Locator } from 'playwright-core'
import { createJobQueues } from '../apps/server/src/jobs.js'
import { freeLoopbackPort } from '../apps/server/src/testing/test-app.js'
import { Cleanups } from './cleanups.js'
import { startOurServer } from './our-app.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const TARGET_CLICKS = 4
const TARGET_JS_BYTES = 40 * 1024
const SANDBOX_CLIENT = { clientId: 'linkway-bench-clicks', clientSecret: 'bench-clicks-secret' }

async function main(): Promise<void> {
  if (!existsSync('/usr/bin/chromium')) {
    console.log('link-clicks bench skipped: /usr/bin/chromium is not installed (apt-get install -y chromium)')
    return
  }
  const cleanups = new Cleanups()
  try {
    execFileSync(process.execPath, [path.join(here, '../packages/link-ui/scripts/build-bundle.mjs')], { stdio: 'inherit' })
    const sandbox = await startSandboxPlatforms({ port: 0, clients: [] })
    cleanups.push(() => sandbox.close())
    const database = await createDatabase({ backend: 'pglite' })
    cleanups.push(() => database.close())
    await database.migrate()
    // As --role=api: a Link callback queues the connection's first sync in its transaction.
    await database.queue.start()
    await createJobQueues(database.queue)
    const ours = await startOurServer(database, { listenPort: await freeLoopbackPort(), catalogue: createPlatformCatalogue({ sandboxUrl: sandbox.url }), sandboxClient: SANDBOX_CLIENT })
    cleanups.push(() => ours.close())
    sandbox.admin.registerClient({ ...SANDBOX_CLIENT, redirectUris: [`${ours.url}/link/oauth/callback`] })
    const call = async (method: string, url: string, body?: object) =>
      await (await fetch(`${ours.url}${url}`, { method, headers: { authorization: ours.authorization, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) })).json()
    const company = (await call('POST', '/companies', { name: 'Clicks bench' })) as { id: string; redirect: string }

    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    cleanups.push(() => browser.close())
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' })
    await context.route(/^(?!http:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort())
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)

    // Every script Linkway's pages load, gzipped as a server would send it.
    const scripts = new Map<string, number>()
    page.on('response', (response) => {
      if (!response.url().startsWith(ours.url) || !/javascript/.test(response.headers()['content-type'] ?? '')) return
      void response.body().then((body) => scripts.set(new URL(response.url()).pathname, gzipSync(body, { level: 9 }).length), () => {})
    })

    const clicks: string[] = []
    const click = async (what: string, locator: Locator) => {
      await locator.click()
      clicks.push(what)
    }
    const linkUrl = company.redirect.replace(ours.publicUrl, ours.url)
    await page.goto(linkUrl)
    await click('Connect accounting', page.getByRole('button', { name: 'Connect accounting' }))
    await click('the Sandbox platform', page.getByRole('button', { name: /^Sandbox/ }))
    await click('Allow access', page.getByRole('button', { name: 'Allow access' }))
    await page.waitForURL(/\/oauth\/authorize/)
    await click('Approve (at the platform)', page.getByRole('button', { name: 'Approve' }))
    await page.getByText('Connected to Sandbox accounting').waitFor()
    const connections = (await call('GET', `/companies/${company.id}/connections`)) as { results: Array<{ status: string; integrationKey: string }> }
    const isLinked = connections.results.some((connection) => connection.integrationKey === 'mqjo' && connection.status === 'Linked')
    if (!isLinked) throw new Error('The journey ended without a Linked accounting connection')

    const jsBytes = [...scripts.values()].reduce((sum, bytes) => sum + bytes, 0)
    console.log(`\nClicks from the Link URL to a connected accounting sandbox (default settings, Chromium 1280×800):`)
    clicks.forEach((what, index) => console.log(`  ${index + 1}. ${what}`))
    console.log(`clicks ≤ ${TARGET_CLICKS}: ${clicks.length <= TARGET_CLICKS ? 'met' : 'MISSED'} (${clicks.length})`)
    console.log(`Link JavaScript loaded, gzipped: ${(jsBytes / 1024).toFixed(1)} KB in ${scripts.size} file(s): ${jsBytes <= TARGET_JS_BYTES ? 'met' : 'MISSED'} (≤ 40 KB)`)
    mkdirSync(path.join(here, 'results'), { recursive: true })
    writeFileSync(
      path.join(here, 'results', 'link-clicks.json'),
      JSON.stringify({ clicks: clicks.length, steps: clicks, targetClicks: TARGET_CLICKS, javascriptGzipBytes: jsBytes, scripts: Object.fromEntries(scripts), targetsMet: clicks.length <= TARGET_CLICKS && jsBytes <= TARGET_JS_BYTES }, null, 2),
    )
    if (clicks.length > TARGET_CLICKS || jsBytes > TARGET_JS_BYTES) process.exitCode = 1
  } finally {
    await cleanups.run()
  }
}

await main()

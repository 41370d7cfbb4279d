/**
 * The two Embedded Link examples (examples/embedded-link-html, examples/embedded-link-react), each
 * started with the command its `npm run example:…` script runs, against a test Linkway on PGlite
 * that serves the real Embedded Link bundle. In Debian's Chromium: the example's page (its own
 * 127.0.0.1 port, so another origin than Linkway's) shows Link's first screen in its container;
 * on the HTML one a person connects the sandbox bank through the popup and the page hears
 * `onConnection`. Every request stays on 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { startSandboxPlatforms, type RunningSandbox } from '@linkway/sandbox-platforms'
import type { Browser, Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MESSAGES } from '../../../packages/link-ui/src/i18n/index.js'
import { createTestApp, type TestApp, type TestClient } from '../../server/src/testing/test-app.js'
import { hasChromium, launchBrowser } from './browser.js'
import { buildLinkBundle } from './link-bundle.js'
import { newLoopbackPage } from './page-checks.js'

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const en = MESSAGES.en
const SANDBOX_CLIENT = { clientId: 'linkway-e2e-examples', clientSecret: 'e2e-examples-secret' }

interface RunningExample {
  child: ChildProcess
  /** Where the example listens, as the browser reaches it (127.0.0.1: the only host tests use). */
  origin: string
  output(): string
}

/** The example as `npm run <script>` starts it (the script's own node arguments), on a free port. */
async function startExample(script: string, env: Record<string, string>): Promise<RunningExample> {
  const command = (JSON.parse(readFileSync(`${REPO_ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts[script]!
  const [node, ...args] = command.split(/\s+/)
  expect(node).toBe('node')
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', EXAMPLE_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not say where it listens:\n${output}`)), 30_000)
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const port = /http:\/\/localhost:(\d+)/.exec(output)?.[1]
      if (port) {
        clearTimeout(timer)
        resolve(port)
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.on('exit', (code) => reject(new Error(`${script} exited (${code}):\n${output}`)))
  })
  return { child, origin: `http://127.0.0.1:${port}`, output: () => output }
}

async function stopExample(example: RunningExample | undefined): Promise<void> {
  if (!example || example.child.exitCode !== null) return
  const exited = new Promise((resolve) => example.child.once('exit', resolve))
  example.child.kill('SIGTERM')
  await exited
}

describe.runIf(hasChromium)('the Embedded Link examples in Chromium', () => {
  let sandbox: RunningSandbox
  let t: TestApp
  let client: TestClient
  let browser: Browser
  let html: RunningExample
  let react: RunningExample

  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, headers: client.headers, ...(payload ? { payload } : {}) })

  /** The example's page, with every request it (or its popup) makes kept for the checks on tokens. */
  async function openExample(example: RunningExample): Promise<{ page: Page; requests: Request[]; problems: string[] }> {
    const page = await newLoopbackPage(browser, { viewport: { width: 1100, height: 1000 } })
    page.setDefaultTimeout(10_000)
    const requests: Request[] = []
    page.context().on('request', (request) => requests.push(request))
    // What the page's console or its scripts complained about: an example that works says nothing.
    const problems: string[] = []
    page.on('console', (message) => ['error', 'warning'].includes(message.type()) && problems.push(message.text()))
    page.on('pageerror', (error) => problems.push(error.message))
    await page.goto(`${example.origin}/`)
    return { page, requests, problems }
  }

  const pageConfig = async (page: Page) => JSON.parse((await page.locator('#link-config').textContent())!) as { linkwayUrl: string; companyId: string; accessToken: string }

  beforeAll(async () => {
    const bundlePath = buildLinkBundle()
    sandbox = await startSandboxPlatforms({ port: 0, clients: [] })
    t = await createTestApp('pglite', {
      listen: true,
      startQueue: true,
      catalogue: createPlatformCatalogue({ sandboxUrl: sandbox.url }),
      sandboxClient: SANDBOX_CLIENT,
      linkBundlePath: bundlePath,
      rateLimits: { linkPerMinute: 0 },
    })
    sandbox.admin.registerClient({ ...SANDBOX_CLIENT, redirectUris: [`${t.url}/link/oauth/callback`] })
    client = await t.createClient('Acme Lending')
    await api('PUT', '/profile', { name: 'Acme Lending' })
    // An origin already listed stays listed: the examples add theirs to the list.
    await api('POST', '/corsSettings', { allowedOrigins: ['https://app.acme.example'] })
    const env = { LINKWAY_URL: t.url, LINKWAY_API_KEY: client.apiKey }
    ;[html, react] = await Promise.all([startExample('example:embedded-html', env), startExample('example:embedded-react', env)])
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await Promise.all([stopExample(html), stopExample(react)])
    await t?.close()
    await sandbox?.close()
  })

  it('the HTML example: Link in its container, a sandbox bank connected through the popup, onConnection on the page; the token never in a URL', async () => {
    const { page, requests, problems } = await openExample(html)
    const container = page.locator('#codat-link-container')
    await container.getByRole('heading', { level: 1, name: en.categoriesTitle }).waitFor()
    const { companyId, accessToken, linkwayUrl } = await pageConfig(page)
    expect(linkwayUrl).toBe(t.url)
    expect((await api('GET', `/companies/${companyId}`)).json().name).toBe('HTML example customer')
    expect((await api('GET', '/corsSettings')).json()).toEqual({ allowedOrigins: ['https://app.acme.example', html.origin] })

    await container.getByRole('button', { name: en.categories.banking.connect }).click()
    await container.getByRole('heading', { level: 1, name: en.categories.banking.choosePlatform }).waitFor()
    await container.getByRole('button', { name: /^Sandbox bank/ }).click()
    const [popup] = await Promise.all([page.waitForEvent('popup'), container.getByRole('button', { name: en.allowAccess }).click()])
    popup.setDefaultTimeout(10_000)
    const closed = popup.waitForEvent('close')
    await popup.getByRole('button', { name: 'Approve' }).click()
    await closed
    await container.getByText('Connected to Sandbox bank').waitFor()
    const connections = (await api('GET', `/companies/${companyId}/connections`)).json().results as Array<{ id: string; status: string }>
    expect(connections.map(({ status }) => status)).toEqual(['Linked'])
    const connected = `onConnection: Sandbox bank (${connections[0]!.id})`
    await page.locator('#events li').first().waitFor()
    expect(await page.locator('#events li').allTextContents()).toContain(connected)

    // The token travels in the Authorization header of the Link API's calls, never in an address.
    const linkApiCalls = requests.filter((request) => request.url().startsWith(`${t.url}/link/api/`))
    const sessionAndStart = linkApiCalls.filter((request) => /\/session\?|\/connections$/.test(request.url()))
    expect(sessionAndStart.map((request) => request.method())).toEqual(expect.arrayContaining(['GET', 'POST']))
    for (const request of sessionAndStart) expect(await request.headerValue('authorization')).toBe(`Bearer ${accessToken}`)
    expect(requests.filter((request) => request.url().includes(accessToken)).map((request) => request.url())).toEqual([])

    // Close (×), then Leave in Link's exit confirmation: onClose, and the page removes Link.
    await container.getByRole('button', { name: en.close }).click()
    await container.getByRole('button', { name: en.leave }).click()
    await expect.poll(async () => (await page.locator('#events li').allTextContents()).at(-1)).toBe('onClose')
    expect(await container.innerHTML()).toBe('')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('the React example: Link mounted once in the component’s div; a connection, Complete (onFinish unmounts it), opened again, then Close', async () => {
    const { page, problems } = await openExample(react)
    const frame = page.locator('#root main > div').first()
    const events = async () => await page.locator('#events li').allTextContents()
    await frame.getByRole('heading', { level: 1, name: en.categoriesTitle }).waitFor()
    // A string, as the e2e files compile without the DOM's types.
    expect(await page.evaluate(`(() => { const div = document.querySelector('#root main > div'); return { hosts: div.children.length, width: div.getBoundingClientRect().width } })()`)).toEqual({ hosts: 1, width: 460 })
    const { companyId } = await pageConfig(page)
    expect((await api('GET', `/companies/${companyId}`)).json().name).toBe('React example customer')
    expect((await api('GET', '/corsSettings')).json().allowedOrigins).toContain(react.origin)

    await frame.getByRole('button', { name: en.categories.accounting.connect }).click()
    await frame.getByRole('button', { name: /^Sandbox/ }).click()
    const [popup] = await Promise.all([page.waitForEvent('popup'), frame.getByRole('button', { name: en.allowAccess }).click()])
    popup.setDefaultTimeout(10_000)
    await popup.getByRole('button', { name: 'Approve' }).click()
    await frame.getByText('Connected to Sandbox accounting').waitFor()
    const [connection] = (await api('GET', `/companies/${companyId}/connections`)).json().results as Array<{ id: string; status: string }>
    expect(connection!.status).toBe('Linked')
    await expect.poll(events).toContain(`onConnection: Sandbox accounting (${connection!.id})`)

    await frame.getByRole('button', { name: en.complete }).click()
    await page.getByText('Link is closed.').waitFor()
    expect((await events()).at(-1)).toBe('onFinish')
    await page.getByRole('button', { name: 'Open it again' }).click()
    await frame.getByText('Connected to Sandbox accounting').waitFor()
    // Every required category connected: × closes without asking.
    await frame.getByRole('button', { name: en.close }).click()
    await page.getByText('Link is closed.').waitFor()
    expect((await events()).at(-1)).toBe('onClose')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('an example whose API key Linkway refuses says why on its page, without the key', async () => {
    const wrongKey = 'lwk_not-a-key-of-this-linkway'
    const refused = await startExample('example:embedded-html', { LINKWAY_URL: t.url, LINKWAY_API_KEY: wrongKey })
    try {
      const res = await fetch(`${refused.origin}/`)
      expect(res.status).toBe(502)
      const body = await res.text()
      expect(body).toContain('Linkway answered 401 to POST /companies')
      expect(body).not.toContain(wrongKey)
    } finally {
      await stopExample(refused)
    }
  })
})

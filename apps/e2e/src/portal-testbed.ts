/**
 * @module What every Portal journey starts from: Linkway listening on 127.0.0.1 with its pages
 * built, the sandbox platforms over real HTTP (so a company's Link URL can be walked through to
 * Linked), a client with an admin and a viewer, Chromium, and signing in the way a person does.
 */
import { createPlatformCatalogue } from '@linkway/platform-data'
import { startSandboxPlatforms, type RunningSandbox } from '@linkway/sandbox-platforms'
import type { PortalRole } from '@linkway/contracts'
import type { LightMyRequestResponse } from 'fastify'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { createAppServices } from '../../server/src/app-services.js'
import { createTestApp, type TestApp, type TestAppOptions, type TestClient } from '../../server/src/testing/test-app.js'
import { launchBrowser } from './browser.js'
import { buildLinkBundle } from './link-bundle.js'
import { newLoopbackPage } from './page-checks.js'

export const PORTAL_PASSWORD = 'correct horse battery staple'

export interface PortalAccount {
  email: string
  password: string
  role: PortalRole
}

export interface PortalTestbed {
  t: TestApp
  sandbox: RunningSandbox
  browser: Browser
  client: TestClient
  admin: PortalAccount
  viewer: PortalAccount
  /** The public API with the client's API key (what the test checks the Portal against). */
  api(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object): Promise<LightMyRequestResponse>
  /** Another Portal user of `clientId` (default the testbed's client). */
  addUser(role: PortalRole, clientId?: string): Promise<PortalAccount>
  /** A fresh browser context (`bypassCSP` for axe-core), 1280 × 900 unless told. */
  newPage(options?: BrowserContextOptions): Promise<Page>
  /** Opens `path` (default the Portal), signs in on the sign-in page it lands on, and waits for `path`'s page. */
  signIn(page: Page, account: PortalAccount, path?: string): Promise<void>
  close(): Promise<void>
}

const SANDBOX_CLIENT = { clientId: 'linkway-e2e-portal', clientSecret: 'e2e-portal-secret' }
let accountCount = 0

export async function startPortalTestbed(options: Pick<TestAppOptions, 'rateLimits' | 'portal'> = {}): Promise<PortalTestbed> {
  const sandbox = await startSandboxPlatforms({ port: 0, clients: [] })
  const t = await createTestApp('pglite', {
    listen: true,
    startQueue: true,
    catalogue: createPlatformCatalogue({ sandboxUrl: sandbox.url }),
    sandboxClient: SANDBOX_CLIENT,
    linkBundlePath: buildLinkBundle(),
    rateLimits: { linkPerMinute: 0, ...options.rateLimits },
    ...(options.portal ? { portal: options.portal } : {}),
  })
  sandbox.admin.registerClient({ ...SANDBOX_CLIENT, redirectUris: [`${t.url}/link/oauth/callback`] })
  const client = await t.createClient('Acme Lending')
  const { portalUsers } = createAppServices(t.deps)
  const addUser = async (role: PortalRole, clientId = client.clientId): Promise<PortalAccount> => {
    const account = { email: `${role}-${++accountCount}@acme-lending.example`, password: PORTAL_PASSWORD, role }
    await portalUsers.createUser(clientId, account)
    return account
  }
  const admin = await addUser('admin')
  const viewer = await addUser('viewer')
  const browser = await launchBrowser()
  return {
    t,
    sandbox,
    browser,
    client,
    admin,
    viewer,
    api: (method, url, payload) => t.app.inject({ method, url, headers: client.headers, ...(payload ? { payload } : {}) }),
    addUser,
    async newPage(contextOptions = {}) {
      const page = await newLoopbackPage(browser, { viewport: { width: 1280, height: 900 }, bypassCSP: true, ...contextOptions })
      // Generous: two test files run at once, each with its own Chromium and database; a busy
      // machine must not turn a slow first load of a page's chunk into a failure.
      page.setDefaultTimeout(20_000)
      return page
    },
    async signIn(page, account, path = '/portal/companies') {
      await page.goto(`${t.url}${path}`)
      await page.waitForURL(/\/portal\/login/)
      await page.getByLabel('Email').fill(account.email)
      await page.getByLabel('Password').fill(account.password)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL((url) => url.pathname + url.search === path || url.pathname === path)
      await page.locator('main h1').first().waitFor()
    },
    async close() {
      await browser.close()
      await t.close()
      await sandbox.close()
    },
  }
}

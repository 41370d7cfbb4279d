/**
 * @module Sync tests' world: Linkway listening on 127.0.0.1 with its job queue, the sandbox
 * platforms on their own port, connections linked through the real consent page, and sync
 * workers started (and stopped, or abandoned as if killed) on demand.
 */
import { createPlatformCatalogue, type PlatformCatalogue } from '@linkway/platform-data'
import type { LightMyRequestResponse } from 'fastify'
import type { Backend } from '@linkway/db'
import { approveConsent, startSandboxPlatforms, type RunningSandbox, type StartSandboxOptions } from '@linkway/sandbox-platforms'
import { createAppServices, type AppServices } from '../app-services.js'
import { silentLogger } from '../app-deps.js'
import type { TokenVault } from '../modules/connections/index.js'
import type { DatasetRunner } from '../modules/sync/index.js'
import { startWorkers } from '../workers.js'
import { createTestApp, type TestApp, type TestClient } from './test-app.js'

const SANDBOX_CLIENT = { clientId: 'linkway-sync-test', clientSecret: 'sync-test-sandbox-secret' }
const BANKING_TYPES = ['banking-accounts', 'banking-accountBalances', 'banking-transactions', 'banking-transactionCategories'] as const

export interface SyncHarness {
  t: TestApp
  sandbox: RunningSandbox
  client: TestClient
  /** The API as `who` (the harness's client by default). */
  api(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, who?: TestClient): Promise<LightMyRequestResponse>
  /** A new company with one connection to `platformKey` (a sandbox), linked through the consent page. */
  linkSandbox(platformKey: 'mqjo' | 'bsbx' | 'aiwb', who?: TestClient, companyId?: string): Promise<{ companyId: string; connectionId: string }>
  /** Starts workers that run datasets (pageSize small so a sync has many pages). */
  startWorkers(options?: { pageSize?: number; concurrency?: number; wrapVault?: (vault: TokenVault) => TokenVault }): Promise<SyncWorkers>
  /** A new client whose links sync banking transactions only, never on a schedule: one dataset per link, one sequence of pages. */
  clientSyncingTransactionsOnly(): Promise<TestClient>
  /** Waits until every dataset of the company has finished; returns the history. */
  waitForSyncs(companyId: string, options?: { timeoutMs?: number; who?: TestClient }): Promise<Array<Record<string, unknown>>>
  close(): Promise<void>
}

export interface SyncHarnessOptions {
  /** The catalogue Linkway serves, from the sandbox's URL once it listens (e.g. real platforms pointed at their emulations); its sandboxes alone by default. */
  catalogue?: (sandboxUrl: string) => PlatformCatalogue
  /**
   * The sandbox's data clock (its generated data is dated from it); the system's by default. Its OAuth server keeps
   * Linkway's clock then, so the ID tokens Linkway checks are dated in Linkway's time, not the data's. Without it
   * the whole sandbox runs on the system clock, months from Linkway's fake one: a Xero link would then fail its ID
   * token's dates, so a test that links Xero gives this.
   */
  sandboxClock?: StartSandboxOptions['clock']
}

export interface SyncWorkers {
  services: AppServices
  runner: DatasetRunner
  stop(): Promise<void>
}

export async function createSyncHarness(backend: Backend, options: SyncHarnessOptions = {}): Promise<SyncHarness> {
  // Linkway's clock exists once the app does, after the sandbox (whose URL the catalogue needs): read through this.
  let linkwayClock: TestApp['clock'] | undefined
  const tokenClock = { now: () => linkwayClock?.now() ?? new Date() }
  const sandbox = await startSandboxPlatforms({ port: 0, clients: [], ...(options.sandboxClock ? { clock: options.sandboxClock, tokenClock } : {}) })
  const catalogue = options.catalogue?.(sandbox.url) ?? createPlatformCatalogue({ sandboxUrl: sandbox.url })
  const t = await createTestApp(backend, { listen: true, startQueue: true, catalogue, sandboxClient: SANDBOX_CLIENT })
  linkwayClock = t.clock
  sandbox.admin.registerClient({ ...SANDBOX_CLIENT, redirectUris: [`${t.url}/link/oauth/callback`] })
  const client = await t.createClient()
  const running: SyncWorkers[] = []

  const api: SyncHarness['api'] = (method, url, payload, who = client) =>
    t.app.inject({ method, url, headers: who.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })

  async function get(url: string): Promise<Response> {
    if (!url.startsWith('http://127.0.0.1:')) throw new Error(`the test browser stays on loopback: ${url}`)
    return await fetch(url, { redirect: 'manual' })
  }

  return {
    t,
    sandbox,
    client,
    api,
    async linkSandbox(platformKey, who = client, existingCompanyId) {
      const companyId = existingCompanyId ?? (await api('POST', '/companies', { name: 'Hallam Outfitters' }, who)).json().id
      const created = await api('POST', `/companies/${companyId}/connections`, { platformKey }, who)
      if (created.statusCode !== 200) throw new Error(`create connection: ${created.statusCode} ${created.body}`)
      const { id, linkUrl } = created.json()
      const toPlatform = (await get(linkUrl)).headers.get('location')!
      const callback = await approveConsent(toPlatform, { decision: 'approve' })
      const answer = await get(callback)
      if (answer.status !== 302 && answer.status !== 200) throw new Error(`callback answered ${answer.status}`)
      return { companyId, connectionId: id }
    },
    async startWorkers(options = {}) {
      const services = createAppServices(t.deps, {
        datasetRunner: {
          pageSize: options.pageSize ?? 100,
          sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50))),
          ...(options.wrapVault ? { wrapVault: options.wrapVault } : {}),
        },
      })
      const deps = { ...t.deps, config: { ...t.deps.config, syncConcurrency: options.concurrency ?? 2, webhookDisableAfterMs: 0, webhookRetentionMs: 0 }, logger: silentLogger }
      // The recovery sweep runs when a test calls it (`runner.recoverAbandoned()`), not on a timer.
      const workers = await startWorkers(deps, { services, only: ['sync'], syncRecoveryEveryMs: 3_600_000 })
      const handle: SyncWorkers = { services, runner: services.datasetRunner, stop: () => workers.stop() }
      running.push(handle)
      return handle
    },
    async clientSyncingTransactionsOnly() {
      const who = await t.createClient()
      const settings = BANKING_TYPES.map((dataType, syncOrder) => ({ dataType, fetchOnFirstLink: dataType === 'banking-transactions', syncSchedule: 0, syncOrder }))
      const saved = await api('POST', '/profile/syncSettings', { settings }, who)
      if (saved.statusCode !== 204) throw new Error(`sync settings refused: ${saved.statusCode} ${saved.body}`)
      return who
    },
    async waitForSyncs(companyId, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 20_000)
      for (;;) {
        const history = (await api('GET', `/companies/${companyId}/data/history?pageSize=100`, undefined, options.who ?? client)).json()
        const results = history.results as Array<Record<string, unknown>>
        if (results.length > 0 && results.every((dataset) => dataset['isCompleted'] === true)) return results
        if (Date.now() > deadline) throw new Error(`syncs still running after ${options.timeoutMs ?? 20_000} ms: ${JSON.stringify(results.map((d) => [d['dataType'], d['status'], d['progress']]))}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    },
    async close() {
      for (const workers of running) await workers.stop()
      await t.close()
      await sandbox.close()
    },
  }
}

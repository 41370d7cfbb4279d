/**
 * @module buildSandboxApp and startSandboxPlatforms: the sandbox's HTTP application from its
 * options. Importing this file does no I/O; building reads the state file when one is given,
 * starting listens.
 */
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import formbody from '@fastify/formbody'
import Fastify, { type FastifyInstance } from 'fastify'
import { acceptEmptyJsonBodies } from '@linkway/fastify-json'
import { checkClient, createSandboxAdmin, type SandboxAdmin, type SandboxClient } from './admin.js'
import { registerAdminRoutes } from './admin-routes.js'
import { registerDataApi } from './data-api.js'
import { registerQuickbooksApi } from './emulations/quickbooks.js'
import { registerShopifyApi } from './emulations/shopify.js'
import { registerSquareApi } from './emulations/square.js'
import { registerXeroApi } from './emulations/xero.js'
import { GENERIC_PLATFORMS } from './generic-platforms.js'
import { createIdTokenSigner } from './id-tokens.js'
import { sendHtml } from './html-page.js'
import { renderIndexPage } from './index-page.js'
import { registerOAuthRoutes } from './oauth-server.js'
import { PLATFORMS } from './platform-catalogue.js'
import { PlatformControls } from './platform-controls.js'
import type { SandboxDeps } from './sandbox-deps.js'
import { TokenStore, type Clock } from './token-store.js'

export type SandboxLogLevel = 'silent' | 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'

export interface SandboxOptions {
  /** Where a browser reaches this origin, e.g. `http://localhost:8081` (a trailing slash is dropped). */
  publicUrl: string
  /** Registered OAuth clients; more can be added through the admin. */
  clients: SandboxClient[]
  /** The system clock unless given; tests pass a fake one. Dates the generated data, and the tokens unless `tokenClock` is given. */
  clock?: Clock
  /**
   * The OAuth server's clock (consent requests, codes, access and ID tokens) when it must differ from `clock`:
   * a test that pins the data to a fixed day gives Linkway's clock here, so the ID tokens Linkway checks are dated
   * in Linkway's time. `clock` unless given.
   */
  tokenClock?: Clock
  /** `crypto.randomBytes` unless given. */
  random?: (size: number) => Buffer
  /** 1800 unless given. */
  accessTokenTtlSeconds?: number
  /** How long authorization codes live; 60 unless given. */
  codeTtlSeconds?: number
  /** How long a consent page may wait for the person's decision; 900 (15 minutes, as Linkway's link session) unless given. */
  consentTtlSeconds?: number
  /** When given, clients, grants and tokens persist there as JSON and survive a restart; memory only otherwise. */
  stateFile?: string
  /** `silent` unless given. */
  logLevel?: SandboxLogLevel
  /**
   * What the admin routes require as `Authorization: Bearer <adminToken>` (at least 32 characters
   * of a bearer token's alphabet); 256 random bits, new at each start, unless given. The in-process
   * admin (`getSandboxAdmin`, `RunningSandbox.admin`) needs none.
   */
  adminToken?: string
}

export interface StartSandboxOptions extends Omit<SandboxOptions, 'publicUrl'> {
  port: number
  /** 127.0.0.1 unless given. */
  host?: string
  /** The URL it listens on unless given (so port 0 needs none). */
  publicUrl?: string
}

export interface RunningSandbox {
  /** Where it listens, e.g. `http://127.0.0.1:50123`. */
  url: string
  admin: SandboxAdmin
  /** The admin routes' bearer token: the one given, or the random one made for this start. */
  adminToken: string
  close(): Promise<void>
}

const systemClock: Clock = { now: () => new Date() }
/** Redacted from logs: secrets have one exit, and the log is not it. */
const REDACTED_LOG_PATHS = ['req.headers.authorization', 'req.headers["x-shopify-access-token"]', 'req.headers.cookie']
const admins = new WeakMap<FastifyInstance, SandboxAdmin>()

/**
 * The sandbox as a Fastify app, not yet listening: for `app.inject` or a caller's own `listen`.
 * Give `adminToken` to call its admin routes over HTTP; otherwise only `getSandboxAdmin(app)` can.
 *
 * @example
 * const app = await buildSandboxApp({ publicUrl: 'http://localhost:8081', clients: [{ clientId: 'linkway', clientSecret: 's3cret', redirectUris: ['http://localhost:8080/callback'] }] })
 * await app.listen({ port: 8081, host: '127.0.0.1' })
 */
export async function buildSandboxApp(options: SandboxOptions): Promise<FastifyInstance> {
  const publicUrl = normalisePublicUrl(options.publicUrl)
  return (await assembleApp(options, () => publicUrl)).app
}

/**
 * Builds and starts the sandbox.
 *
 * @example
 * const sandbox = await startSandboxPlatforms({ port: 0, clients })
 * const { tokenUrl } = sandboxEndpoints(sandbox.url).accounting
 */
export async function startSandboxPlatforms(options: StartSandboxOptions): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1'
  const configured = options.publicUrl === undefined ? undefined : normalisePublicUrl(options.publicUrl)
  let listeningUrl = ''
  const { app, adminToken } = await assembleApp(options, () => configured ?? listeningUrl)
  await app.listen({ port: options.port, host })
  const address = app.server.address() as AddressInfo
  listeningUrl = `http://${urlHostOf(host)}:${address.port}`
  return { url: listeningUrl, admin: getSandboxAdmin(app), adminToken, close: () => app.close() }
}

/** The admin of an app built by buildSandboxApp. */
export function getSandboxAdmin(app: FastifyInstance): SandboxAdmin {
  const admin = admins.get(app)
  if (admin === undefined) throw new Error('This Fastify instance was not built by buildSandboxApp.')
  return admin
}

async function assembleApp(options: Omit<SandboxOptions, 'publicUrl'>, publicUrl: () => string): Promise<{ app: FastifyInstance; adminToken: string }> {
  const clock = options.clock ?? systemClock
  const tokenClock = options.tokenClock ?? clock
  const random = options.random ?? randomBytes
  const deps: SandboxDeps = {
    store: new TokenStore({ clock: tokenClock, dataClock: clock, random, clients: options.clients.map(checkClient), stateFile: options.stateFile }),
    controls: new PlatformControls(),
    clock,
    tokenClock,
    idTokens: createIdTokenSigner(),
    random,
    accessTokenTtlSeconds: checkSeconds(options.accessTokenTtlSeconds ?? 1800, 'accessTokenTtlSeconds'),
    codeTtlSeconds: checkSeconds(options.codeTtlSeconds ?? 60, 'codeTtlSeconds'),
    consentTtlSeconds: checkSeconds(options.consentTtlSeconds ?? 900, 'consentTtlSeconds'),
    publicUrl,
  }
  const admin = createSandboxAdmin(deps)
  const adminToken = checkAdminToken(options.adminToken ?? random(32).toString('base64url'))
  const logLevel = options.logLevel ?? 'silent'

  const app = Fastify({
    logger: logLevel === 'silent' ? false : { level: logLevel, redact: REDACTED_LOG_PATHS },
    bodyLimit: 64 * 1024,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Long enough that an over-long shop name reaches the shop check (a 400 page), not a router 414.
    routerOptions: { maxParamLength: 2048 },
  })
  admins.set(app, admin)
  await app.register(formbody)
  acceptEmptyJsonBodies(app)

  // Whatever Fastify itself refuses (a malformed JSON body, an unknown content type) is a 4xx in
  // the OAuth error shape; a 500 is only ever a bug here.
  app.setErrorHandler((error, request, reply) => {
    const status = (error as { statusCode?: unknown }).statusCode
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return reply.status(status).send({ error: 'invalid_request', error_description: (error as Error).message })
    }
    request.log.error({ err: error }, 'The sandbox failed to answer a request.')
    return reply.status(500).send({ error: 'server_error', error_description: 'The sandbox failed to answer this request.' })
  })
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: 'not_found', error_description: `Nothing is served at ${request.method} ${request.url.split('?')[0] ?? ''}.` }),
  )

  for (const platform of PLATFORMS) registerOAuthRoutes(app, deps, platform)
  for (const platform of GENERIC_PLATFORMS) registerDataApi(app, deps, platform)
  registerXeroApi(app, deps)
  registerQuickbooksApi(app, deps)
  registerShopifyApi(app, deps)
  registerSquareApi(app, deps)
  registerAdminRoutes(app, admin, adminToken)
  app.get('/', async (_request, reply) => sendHtml(reply, 200, renderIndexPage(publicUrl())))
  app.get('/health', async () => ({ status: 'ok' }))
  return { app, adminToken }
}

function normalisePublicUrl(text: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new Error(`publicUrl “${text}” is not an absolute URL.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`publicUrl “${text}” must be http or https.`)
  return text.replace(/\/+$/, '')
}

/** A bearer token (RFC 6750 §2.1's alphabet), long enough not to be guessed. */
function checkAdminToken(token: string): string {
  if (typeof token !== 'string' || token.length < 32 || token.length > 200 || !/^[A-Za-z0-9._~+/-]+=*$/.test(token)) {
    throw new Error('adminToken must be 32 to 200 characters: letters, digits and . _ ~ + / - (then any = padding).')
  }
  return token
}

function checkSeconds(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 31_536_000) throw new Error(`${name} must be a whole number of seconds from 1 to 31536000.`)
  return value
}

/** The host part of the URL a client uses: a wildcard listen is reached on loopback. */
function urlHostOf(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1'
  return host.includes(':') ? `[${host}]` : host
}

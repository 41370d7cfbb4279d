/**
 * @module The process configuration: one zod schema over the environment, parsed once at start.
 * Nothing else reads process.env. A bad value stops the process with a message naming every bad
 * variable, not just the first.
 */
import { isIP } from 'node:net'
import path from 'node:path'
import { FILE_TYPES, type FileUploadLimits } from '@linkway/contracts'
import type { EncryptionKey } from '@linkway/vault'
import { z } from 'zod'
import type { LogFormat } from './runtime/log-format.js'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export const ROLES = ['all', 'api', 'worker'] as const
export type Role = (typeof ROLES)[number]

/** `kid:base64key,kid2:base64key`: the first encrypts, all decrypt (so keys can rotate). */
const encryptionKeys = z
  .string()
  .transform((text, ctx) => {
    const keys: Array<{ id: string; key: Buffer }> = []
    for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
      const [id, material] = part.split(':')
      const key = material ? Buffer.from(material, 'base64') : Buffer.alloc(0)
      if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32) {
        ctx.addIssue({ code: 'custom', message: 'each entry must be <keyId>:<32 bytes in base64>, comma-separated' })
        return z.NEVER
      }
      keys.push({ id, key })
    }
    if (keys.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'give at least one <keyId>:<32 bytes in base64>' })
      return z.NEVER
    }
    return keys
  })

/** proxy-addr's names for ranges, which Fastify's trustProxy understands. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal']

/** `10.0.0.5,10.1.0.0/16,loopback`: the proxies whose X-Forwarded-For is believed. */
const trustedProxies = z.string().transform((text, ctx) => {
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean)
  const isValidEntry = (entry: string) => {
    if (PROXY_RANGE_NAMES.includes(entry)) return true
    const [address = '', prefix, ...rest] = entry.split('/')
    const version = isIP(address)
    if (version === 0 || rest.length > 0) return false
    return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128))
  }
  const bad = entries.filter((entry) => !isValidEntry(entry))
  if (bad.length > 0) {
    ctx.addIssue({ code: 'custom', message: `not an address, a CIDR range or one of ${PROXY_RANGE_NAMES.join(', ')}: ${bad.join(', ')}` })
    return z.NEVER
  }
  return entries
})

/** A limit: a whole number of requests; 0 switches it off. */
const requestLimit = (fallback: number) => z.coerce.number().int().min(0).max(1_000_000_000).default(fallback)

/** `pdf,csv,xlsx`: the file types hosted Link and the Files API accept, among FILE_TYPES. */
const fileTypes = z.string().transform((text, ctx) => {
  const entries = [...new Set(text.split(',').map((entry) => entry.trim().toLowerCase().replace(/^\./, '')).filter(Boolean))]
  const unknown = entries.filter((entry) => !(FILE_TYPES as readonly string[]).includes(entry))
  if (unknown.length > 0 || entries.length === 0) {
    ctx.addIssue({ code: 'custom', message: `give file types among ${FILE_TYPES.join(', ')} (got ${unknown.join(', ') || 'none'})` })
    return z.NEVER
  }
  return entries as Array<(typeof FILE_TYPES)[number]>
})

const booleanText = z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }).transform((text) => text === 'true' || text === '1')

const EnvironmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://linkway.example.com' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' })
    .optional(),
  // Two at least: starting the job queue holds one connection for its lock while it works on another.
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(500).default(10),
  ENCRYPTION_KEYS: encryptionKeys.optional(),
  LINKWAY_API_KEY: z
    .string()
    .min(32, 'must be at least 32 characters')
    .max(200, 'must be at most 200 characters')
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
  // Unset: `info`, or `warn` on a terminal (parseConfig).
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  TRUST_PROXY: trustedProxies.optional(),
  WEBHOOK_ALLOW_LOOPBACK: booleanText.optional(),
  WEBHOOK_ALLOW_PRIVATE: booleanText.optional(),
  WEBHOOK_DISABLE_AFTER_DAYS: z.coerce.number().min(0.001).max(365).default(5),
  WEBHOOK_RETENTION_DAYS: z.coerce.number().min(1).max(3650).default(30),
  SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  SANDBOX_PLATFORMS: booleanText.optional(),
  SANDBOX_CLIENT_SECRET: z.string().min(32, 'must be at least 32 characters').max(200, 'must be at most 200 characters').optional(),
  SANDBOX_ADMIN_TOKEN: z
    .string()
    .min(32, 'must be at least 32 characters')
    .max(200, 'must be at most 200 characters')
    .regex(/^[A-Za-z0-9._~+/-]+=*$/, 'must be a bearer token: letters, digits and . _ ~ + / - (then any = padding)')
    .optional(),
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  SANDBOX_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://localhost:8081' })
    .optional()
    .transform((url) => url?.replace(/\/+$/, '')),
  // The reference's quota: 1,000 × (1 + active connected companies) requests a day.
  RATE_LIMIT_PER_DAY: requestLimit(1000),
  RATE_LIMIT_PER_LINKED_COMPANY_PER_DAY: requestLimit(1000),
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: requestLimit(30),
  RATE_LIMIT_LINK_PER_MINUTE: requestLimit(60),
  RATE_LIMIT_INVITES_PER_MINUTE: requestLimit(10),
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: requestLimit(5),
  // The Portal's first admin, created at start when the first client has no Portal user yet.
  LINKWAY_ADMIN_EMAIL: z.string().trim().max(254).pipe(z.email({ error: 'must be an email address' })).optional(),
  LINKWAY_ADMIN_PASSWORD: z
    .string()
    .min(12, 'must be at least 12 characters')
    .max(200, 'must be at most 200 characters')
    .refine((password) => !password.includes('\0'), 'must not contain NUL')
    .optional(),
  PORTAL_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  PORTAL_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  // The reference's limits: 10 MB per file; 20 files a day per company is Linkway's own.
  FILE_UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  FILE_UPLOADS_PER_COMPANY_PER_DAY: z.coerce.number().int().min(1).max(10_000).default(20),
  FILE_UPLOAD_TYPES: fileTypes.optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379' }).optional(),
})


export interface Config {
  role: Role
  port: number
  host: string
  publicUrl: string
  dataDir: string
  /** Unset: embedded PGlite in dataDir. */
  databaseUrl: string | undefined
  databasePoolSize: number
  /** Unset in embedded mode until the runtime generates one into dataDir. */
  encryptionKeys: EncryptionKey[] | undefined
  initialApiKey: string | undefined
  logLevel: (typeof LOG_LEVELS)[number]
  /** One readable line per entry on a terminal; JSON lines otherwise (for a log collector). */
  logFormat: LogFormat
  /**
   * TRUST_PROXY: the load balancers in front of the API (addresses, CIDR ranges, or proxy-addr's
   * `loopback`, `linklocal`, `uniquelocal`). A request from one of them is taken to be from the
   * address its X-Forwarded-For names; none (the default): X-Forwarded-For is ignored, and each
   * request counts against the address it came from.
   */
  trustProxy: string[]
  /**
   * Which addresses webhook consumers may target. Loopback is allowed by default only in embedded
   * mode (a developer's receiver on localhost); private ranges only when switched on.
   */
  webhookOutboundPolicy: { allowLoopback: boolean; allowPrivate: boolean }
  webhookDisableAfterMs: number
  /** Finished webhook events older than this are pruned with their deliveries and attempts. */
  webhookRetentionMs: number
  /** Datasets one worker process syncs at once. */
  syncConcurrency: number
  /**
   * The built-in sandbox platforms: run by this process (embedded mode, by default) on their own
   * port, and shown as sandbox integrations. Undefined when switched off. `adminToken` is what
   * their admin routes require (SANDBOX_ADMIN_TOKEN); unset, the process makes one at each start.
   */
  sandbox: { port: number; publicUrl: string | undefined; adminToken: string | undefined } | undefined
  /**
   * Sandbox platforms another process runs (SANDBOX_PLATFORMS=false with SANDBOX_URL and
   * SANDBOX_CLIENT_SECRET): a scale-out worker reads sandbox data and refreshes sandbox tokens there.
   */
  externalSandbox: { url: string } | undefined
  /** Linkway's OAuth client secret at the sandbox platforms; random per run when unset (fine when this process runs them alone). */
  sandboxClientSecret: string | undefined
  /**
   * The rate limits (docs/api.md, "Rate limits"; docs/security.md); a 0 switches one off. A
   * client's daily quota is `clientPerDay + clientPerLinkedCompanyPerDay × its companies with a
   * Linked connection`, fixed at the day's first request; `clientPerDay` 0 switches it off whole.
   */
  rateLimits: {
    clientPerDay: number
    clientPerLinkedCompanyPerDay: number
    /** Requests with no valid API key, per address and minute; past it, 429 before any key is looked at. */
    authFailuresPerMinute: number
    /** The Link component's changes (funnel events, starting and disconnecting connections), per address and minute. */
    linkPerMinute: number
    /** Companies the Invite company form creates, per address and minute. */
    invitesPerMinute: number
    /** Failed Portal sign-ins per account and 15 minutes. */
    loginFailuresPerAccount: number
  }
  /**
   * The Portal's accounts (docs/portal.md): the first admin from LINKWAY_ADMIN_EMAIL and
   * LINKWAY_ADMIN_PASSWORD (the password is never logged nor printed), and the sessions' idle and
   * absolute lifetimes.
   */
  portal: PortalSettings
  /** Where the rate limits' counters are shared: this Redis, else the database. */
  redisUrl: string | undefined
  /** File upload (docs/file-upload.md): the largest file, files per company and UTC day, the types accepted. */
  fileUploads: FileUploadLimits
}

/** What a process gets with no FILE_UPLOAD_* settings (also what an app built without them uses). */
export const DEFAULT_FILE_UPLOADS: FileUploadLimits = { maxBytes: 10 * 1024 * 1024, maxPerCompanyPerDay: 20, types: [...FILE_TYPES] }

export interface PortalSettings {
  firstAdmin: { email: string; password: string } | undefined
  sessionIdleMs: number
  sessionMaxMs: number
}

/** What an app built without PORTAL_* settings uses (tests): 30 minutes idle, 12 hours at most. */
export const DEFAULT_PORTAL: PortalSettings = { firstAdmin: undefined, sessionIdleMs: 30 * 60_000, sessionMaxMs: 12 * 3_600_000 }

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Linkway cannot start; fix these settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Where the process runs: `isTerminal` when its stdout is a terminal (a person watching, not a log collector). */
export interface ProcessSurroundings {
  isTerminal?: boolean
}

/** Parses the environment and command-line arguments, or throws a ConfigError listing every problem. */
export function parseConfig(env: Record<string, string | undefined>, argv: readonly string[] = [], { isTerminal = false }: ProcessSurroundings = {}): Config {
  const problems: string[] = []
  // An empty variable means "not set", as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const parsed = EnvironmentSchema.safeParse(present)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`)
  }

  let role: Role = 'all'
  for (const arg of argv) {
    const match = /^--role=(.*)$/.exec(arg)
    if (match) {
      if ((ROLES as readonly string[]).includes(match[1]!)) role = match[1] as Role
      else problems.push(`--role: must be one of ${ROLES.join(', ')} (got "${match[1]}")`)
    } else if (arg.startsWith('--')) {
      problems.push(`${arg}: unknown option (the only option is --role=all|api|worker)`)
    }
  }
  if (parsed.success && role !== 'all' && !parsed.data.DATABASE_URL) {
    problems.push(`--role=${role}: needs DATABASE_URL (several processes share one PostgreSQL; PGlite belongs to one process)`)
  }
  if (parsed.success && parsed.data.DATABASE_URL && !parsed.data.ENCRYPTION_KEYS) {
    problems.push(
      'ENCRYPTION_KEYS: required with DATABASE_URL, so every process encrypts tokens with the same key; generate one with ' +
        `node -e "console.log('k1:' + require('crypto').randomBytes(32).toString('base64'))"`,
    )
  }
  if (parsed.success) {
    const values = parsed.data
    const runsSandbox = values.SANDBOX_PLATFORMS ?? (values.DATABASE_URL === undefined && role === 'all')
    // Half of the pair would quietly leave this process without the sandboxes another one runs.
    if (!runsSandbox && values.SANDBOX_URL && !values.SANDBOX_CLIENT_SECRET) problems.push('SANDBOX_URL: needs SANDBOX_CLIENT_SECRET, the secret of Linkway\'s client "linkway" at the sandbox platforms another process runs')
    if (!runsSandbox && values.SANDBOX_CLIENT_SECRET && !values.SANDBOX_URL) problems.push('SANDBOX_CLIENT_SECRET: needs SANDBOX_URL, where the sandbox platforms run')
  }
  if (parsed.success && parsed.data.SANDBOX_PLATFORMS === true && role !== 'all') {
    problems.push(`SANDBOX_PLATFORMS: the sandbox platforms run inside a --role=all process only (got --role=${role})`)
  }
  if (parsed.success && (parsed.data.LINKWAY_ADMIN_EMAIL === undefined) !== (parsed.data.LINKWAY_ADMIN_PASSWORD === undefined)) {
    problems.push('LINKWAY_ADMIN_EMAIL and LINKWAY_ADMIN_PASSWORD: set both (the first Portal admin) or neither (the start banner then prints a one-time setup URL)')
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems)

  const values = parsed.data
  const runsSandbox = values.SANDBOX_PLATFORMS ?? (values.DATABASE_URL === undefined && role === 'all')
  return {
    role,
    port: values.PORT,
    host: values.HOST,
    // Unset, the port Linkway listens on (PORT=0 picks one only at listen: set PUBLIC_URL then).
    publicUrl: values.PUBLIC_URL ?? `http://localhost:${values.PORT === 0 ? 8080 : values.PORT}`,
    dataDir: path.resolve(values.DATA_DIR),
    databaseUrl: values.DATABASE_URL,
    databasePoolSize: values.DATABASE_POOL_SIZE,
    encryptionKeys: values.ENCRYPTION_KEYS,
    initialApiKey: values.LINKWAY_API_KEY,
    // On a terminal the banner is what a person came for: request logs (info) would push it off screen.
    logLevel: values.LOG_LEVEL ?? (isTerminal ? 'warn' : 'info'),
    logFormat: isTerminal ? 'pretty' : 'json',
    trustProxy: values.TRUST_PROXY ?? [],
    webhookOutboundPolicy: {
      allowLoopback: values.WEBHOOK_ALLOW_LOOPBACK ?? values.DATABASE_URL === undefined,
      allowPrivate: values.WEBHOOK_ALLOW_PRIVATE ?? false,
    },
    webhookDisableAfterMs: values.WEBHOOK_DISABLE_AFTER_DAYS * 24 * 60 * 60 * 1000,
    webhookRetentionMs: values.WEBHOOK_RETENTION_DAYS * 24 * 60 * 60 * 1000,
    syncConcurrency: values.SYNC_CONCURRENCY,
    sandbox: runsSandbox
      ? {
          port: values.SANDBOX_PORT,
          publicUrl: values.SANDBOX_URL ?? (values.SANDBOX_PORT === 0 ? undefined : `http://localhost:${values.SANDBOX_PORT}`),
          adminToken: values.SANDBOX_ADMIN_TOKEN,
        }
      : undefined,
    externalSandbox: !runsSandbox && values.SANDBOX_URL && values.SANDBOX_CLIENT_SECRET ? { url: values.SANDBOX_URL } : undefined,
    sandboxClientSecret: values.SANDBOX_CLIENT_SECRET,
    rateLimits: {
      clientPerDay: values.RATE_LIMIT_PER_DAY,
      clientPerLinkedCompanyPerDay: values.RATE_LIMIT_PER_LINKED_COMPANY_PER_DAY,
      authFailuresPerMinute: values.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE,
      linkPerMinute: values.RATE_LIMIT_LINK_PER_MINUTE,
      invitesPerMinute: values.RATE_LIMIT_INVITES_PER_MINUTE,
      loginFailuresPerAccount: values.RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT,
    },
    portal: {
      firstAdmin: values.LINKWAY_ADMIN_EMAIL && values.LINKWAY_ADMIN_PASSWORD ? { email: values.LINKWAY_ADMIN_EMAIL.toLowerCase(), password: values.LINKWAY_ADMIN_PASSWORD } : undefined,
      sessionIdleMs: values.PORTAL_SESSION_IDLE_MINUTES * 60_000,
      sessionMaxMs: values.PORTAL_SESSION_MAX_HOURS * 3_600_000,
    },
    redisUrl: values.REDIS_URL,
    fileUploads: {
      ...DEFAULT_FILE_UPLOADS,
      maxBytes: values.FILE_UPLOAD_MAX_BYTES,
      maxPerCompanyPerDay: values.FILE_UPLOADS_PER_COMPANY_PER_DAY,
      types: values.FILE_UPLOAD_TYPES ?? [...FILE_TYPES],
    },
  }
}

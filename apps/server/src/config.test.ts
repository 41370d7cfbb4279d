import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from './config.js'

describe('parseConfig', () => {
  it('has working defaults: embedded on ./data, port 8080, loopback', () => {
    const config = parseConfig({})
    expect(config).toMatchObject({
      role: 'all',
      port: 8080,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:8080',
      databaseUrl: undefined,
      encryptionKeys: undefined,
      logLevel: 'info',
    })
    expect(config.dataDir).toMatch(/\/data$/)
  })

  it('logs JSON at info off a terminal, and quietly (warn) in readable lines on one; LOG_LEVEL wins either way', () => {
    expect(parseConfig({})).toMatchObject({ logLevel: 'info', logFormat: 'json' })
    expect(parseConfig({}, [], { isTerminal: false })).toMatchObject({ logLevel: 'info', logFormat: 'json' })
    expect(parseConfig({}, [], { isTerminal: true })).toMatchObject({ logLevel: 'warn', logFormat: 'pretty' })
    expect(parseConfig({ LOG_LEVEL: 'debug' }, [], { isTerminal: true })).toMatchObject({ logLevel: 'debug', logFormat: 'pretty' })
    expect(parseConfig({ LOG_LEVEL: 'error' })).toMatchObject({ logLevel: 'error', logFormat: 'json' })
  })

  it('names every bad variable at once', () => {
    let error: unknown
    try {
      parseConfig({ PORT: 'eighty', PUBLIC_URL: 'ftp://x', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', ENCRYPTION_KEYS: 'k1:short' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as ConfigError).message
    for (const name of ['PORT', 'PUBLIC_URL', 'DATABASE_URL', 'LOG_LEVEL', 'ENCRYPTION_KEYS']) expect(message).toContain(`${name}:`)
    expect((error as ConfigError).problems).toHaveLength(5)
  })

  it('parses encryption keys with their ids, first one first', () => {
    const a = Buffer.alloc(32, 1).toString('base64')
    const b = Buffer.alloc(32, 2).toString('base64')
    const config = parseConfig({ ENCRYPTION_KEYS: `k2:${a}, k1:${b}` })
    expect(config.encryptionKeys?.map((k) => k.id)).toEqual(['k2', 'k1'])
    expect(config.encryptionKeys?.[0]?.key).toEqual(Buffer.alloc(32, 1))
  })

  it('takes --role, and refuses api or worker without DATABASE_URL', () => {
    expect(() => parseConfig({}, ['--role=worker'])).toThrow(/--role=worker: needs DATABASE_URL/)
    expect(() => parseConfig({}, ['--role=cook'])).toThrow(/--role: must be one of all, api, worker/)
    const key = `k1:${Buffer.alloc(32).toString('base64')}`
    expect(parseConfig({ DATABASE_URL: 'postgres://u@127.0.0.1/db', ENCRYPTION_KEYS: key }, ['--role=api']).role).toBe('api')
  })

  it('needs ENCRYPTION_KEYS with DATABASE_URL, so every process shares the key', () => {
    expect(() => parseConfig({ DATABASE_URL: 'postgres://u@127.0.0.1/db' })).toThrow(/ENCRYPTION_KEYS: required with DATABASE_URL/)
  })

  it('uses sandbox platforms another process runs only with both SANDBOX_URL and SANDBOX_CLIENT_SECRET', () => {
    const key = `k1:${Buffer.alloc(32).toString('base64')}`
    const worker = { DATABASE_URL: 'postgres://u@127.0.0.1/db', ENCRYPTION_KEYS: key }
    const secret = 's'.repeat(32)
    expect(parseConfig({ ...worker, SANDBOX_URL: 'http://127.0.0.1:8081', SANDBOX_CLIENT_SECRET: secret }, ['--role=worker'])).toMatchObject({
      sandbox: undefined,
      externalSandbox: { url: 'http://127.0.0.1:8081' },
      sandboxClientSecret: secret,
    })
    expect(() => parseConfig({ ...worker, SANDBOX_URL: 'http://127.0.0.1:8081' }, ['--role=worker'])).toThrow(/SANDBOX_URL: needs SANDBOX_CLIENT_SECRET/)
    expect(() => parseConfig({ ...worker, SANDBOX_CLIENT_SECRET: secret }, ['--role=worker'])).toThrow(/SANDBOX_CLIENT_SECRET: needs SANDBOX_URL/)
    expect(parseConfig({ ...worker }, ['--role=worker']).externalSandbox).toBeUndefined()
  })

  it('takes SANDBOX_ADMIN_TOKEN for the sandbox admin routes, and refuses one too short to be a secret', () => {
    const adminToken = 'sandbox-admin-token-0123456789abcdefghijk'
    expect(parseConfig({ SANDBOX_ADMIN_TOKEN: adminToken }).sandbox).toEqual({ port: 8081, publicUrl: 'http://localhost:8081', adminToken })
    expect(parseConfig({}).sandbox?.adminToken).toBeUndefined()
    expect(() => parseConfig({ SANDBOX_ADMIN_TOKEN: 'short' })).toThrow(/SANDBOX_ADMIN_TOKEN: must be at least 32 characters/)
    expect(() => parseConfig({ SANDBOX_ADMIN_TOKEN: `${adminToken} with spaces` })).toThrow(/SANDBOX_ADMIN_TOKEN: must be a bearer token/)
  })

  it('builds the default PUBLIC_URL from PORT', () => {
    expect(parseConfig({ PORT: '9090' })).toMatchObject({ port: 9090, publicUrl: 'http://localhost:9090' })
    expect(parseConfig({})).toMatchObject({ port: 8080, publicUrl: 'http://localhost:8080' })
    expect(parseConfig({ PORT: '9090', PUBLIC_URL: 'https://linkway.example.com' })).toMatchObject({ publicUrl: 'https://linkway.example.com' })
  })

  it('treats an empty variable as unset, and trims a trailing slash from PUBLIC_URL', () => {
    expect(parseConfig({ PORT: '', PUBLIC_URL: 'https://linkway.example.com/' })).toMatchObject({ port: 8080, publicUrl: 'https://linkway.example.com' })
  })

  it('takes the Portal’s first admin as a pair, never half of it, and the session lifetimes', () => {
    expect(parseConfig({}).portal).toEqual({ firstAdmin: undefined, sessionIdleMs: 30 * 60_000, sessionMaxMs: 12 * 3_600_000 })
    const config = parseConfig({ LINKWAY_ADMIN_EMAIL: 'Ops@Example.com', LINKWAY_ADMIN_PASSWORD: 'a long enough password', PORTAL_SESSION_IDLE_MINUTES: '10', PORTAL_SESSION_MAX_HOURS: '2' })
    expect(config.portal).toEqual({ firstAdmin: { email: 'ops@example.com', password: 'a long enough password' }, sessionIdleMs: 10 * 60_000, sessionMaxMs: 2 * 3_600_000 })
    expect(() => parseConfig({ LINKWAY_ADMIN_EMAIL: 'ops@example.com' })).toThrow(/LINKWAY_ADMIN_EMAIL and LINKWAY_ADMIN_PASSWORD: set both/)
    // The refusal names the variable, never its value.
    expect(() => parseConfig({ LINKWAY_ADMIN_EMAIL: 'ops@example.com', LINKWAY_ADMIN_PASSWORD: 'short-secr' })).toThrow(expect.objectContaining({ problems: ['LINKWAY_ADMIN_PASSWORD: must be at least 12 characters'] }))
    try {
      parseConfig({ LINKWAY_ADMIN_EMAIL: 'ops@example.com', LINKWAY_ADMIN_PASSWORD: 'short-secr' })
    } catch (error) {
      expect((error as Error).message).not.toContain('short-secr')
    }
  })

  it('takes TRUST_PROXY as addresses, CIDR ranges and proxy-addr’s named ranges, naming the entries it cannot read', () => {
    expect(parseConfig({}).trustProxy).toEqual([])
    expect(parseConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,loopback, fd00::/8, ::1' }).trustProxy).toEqual(['10.0.0.5', '10.1.0.0/16', 'loopback', 'fd00::/8', '::1'])
    expect(() => parseConfig({ TRUST_PROXY: '10.0.0.5,proxy.internal,10.0.0.0/33,true' })).toThrow(
      'TRUST_PROXY: not an address, a CIDR range or one of loopback, linklocal, uniquelocal: proxy.internal, 10.0.0.0/33, true',
    )
  })

  it('refuses a LINKWAY_API_KEY too short to be a secret', () => {
    expect(() => parseConfig({ LINKWAY_API_KEY: 'short' })).toThrow(/LINKWAY_API_KEY: must be at least 32 characters/)
  })

  it('allows loopback webhook targets by default only in embedded mode', () => {
    const key = `k1:${Buffer.alloc(32).toString('base64')}`
    expect(parseConfig({}).webhookOutboundPolicy).toEqual({ allowLoopback: true, allowPrivate: false })
    expect(parseConfig({ DATABASE_URL: 'postgres://u@127.0.0.1/db', ENCRYPTION_KEYS: key }).webhookOutboundPolicy).toEqual({ allowLoopback: false, allowPrivate: false })
    expect(parseConfig({ WEBHOOK_ALLOW_LOOPBACK: 'false', WEBHOOK_ALLOW_PRIVATE: 'true' }).webhookOutboundPolicy).toEqual({ allowLoopback: false, allowPrivate: true })
    expect(parseConfig({ WEBHOOK_DISABLE_AFTER_DAYS: '2' }).webhookDisableAfterMs).toBe(2 * 24 * 60 * 60 * 1000)
    expect(parseConfig({}).webhookRetentionMs).toBe(30 * 24 * 60 * 60 * 1000)
    expect(() => parseConfig({ WEBHOOK_RETENTION_DAYS: '0' })).toThrow(/WEBHOOK_RETENTION_DAYS/)
    expect(() => parseConfig({ WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow(/WEBHOOK_ALLOW_PRIVATE: must be true or false/)
  })

  it('has the reference’s rate limits by default, takes each one, and a 0 switches it off', () => {
    expect(parseConfig({})).toMatchObject({
      rateLimits: { clientPerDay: 1000, clientPerLinkedCompanyPerDay: 1000, authFailuresPerMinute: 30, linkPerMinute: 60, invitesPerMinute: 10, loginFailuresPerAccount: 5 },
      redisUrl: undefined,
      trustProxy: [],
    })
    const config = parseConfig({
      RATE_LIMIT_PER_DAY: '0',
      RATE_LIMIT_PER_LINKED_COMPANY_PER_DAY: '250',
      RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '5',
      RATE_LIMIT_LINK_PER_MINUTE: '0',
      RATE_LIMIT_INVITES_PER_MINUTE: '3',
      REDIS_URL: 'redis://127.0.0.1:6379/2',
    })
    expect(config.rateLimits).toEqual({ clientPerDay: 0, clientPerLinkedCompanyPerDay: 250, authFailuresPerMinute: 5, linkPerMinute: 0, invitesPerMinute: 3, loginFailuresPerAccount: 5 })
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379/2')
    expect(() => parseConfig({ RATE_LIMIT_PER_DAY: '-1', RATE_LIMIT_LINK_PER_MINUTE: 'many', REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(
      expect.objectContaining({ problems: [expect.stringMatching(/^RATE_LIMIT_PER_DAY: /), expect.stringMatching(/^RATE_LIMIT_LINK_PER_MINUTE: /), 'REDIS_URL: must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379'] }),
    )
  })

  it('takes TRUST_PROXY as addresses, CIDR ranges and proxy-addr’s named ranges, naming the entries it cannot read', () => {
    expect(parseConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,loopback, fd00::/8, ::1' }).trustProxy).toEqual(['10.0.0.5', '10.1.0.0/16', 'loopback', 'fd00::/8', '::1'])
    expect(() => parseConfig({ TRUST_PROXY: '10.0.0.5,proxy.internal,10.0.0.0/33,true' })).toThrow(
      'TRUST_PROXY: not an address, a CIDR range or one of loopback, linklocal, uniquelocal: proxy.internal, 10.0.0.0/33, true',
    )
  })
})

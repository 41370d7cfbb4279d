/**
 * @module `linkway users add|list|remove|reset`: the Portal's accounts from the command line, for
 * the operator at the machine (no session, no audit actor). Unlike `linkway sync`, which is an
 * API client, this opens the database directly, because it is how the first admin is made or a
 * locked-out admin is helped when nobody can sign in. It reads the server's own settings
 * (DATA_DIR or DATABASE_URL, PUBLIC_URL); embedded mode claims DATA_DIR's lock, so it refuses
 * while Linkway runs on that folder (PGlite is one process's). Passwords come from
 * LINKWAY_USER_PASSWORD or a prompt that does not echo, never from an argument (process lists).
 */
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { PortalEmail, PortalPassword, PortalRole } from '@linkway/contracts'
import { createDatabase, type Database } from '@linkway/db'
import { systemClock, systemIds, systemRandom } from '../app-deps.js'
import { AppError } from '../app-error.js'
import { ConfigError, parseConfig } from '../config.js'
import { createAuditLogService } from '../modules/audit-log/index.js'
import { createApiKeysService } from '../modules/api-keys/index.js'
import { createClientsService } from '../modules/clients/index.js'
import { createPortalUsersService, type PortalUsersService } from '../modules/portal-users/index.js'
import { DataDirLockedError, lockDataDir } from '../runtime/data-dir-lock.js'
import { UsersCliError, USERS_USAGE } from './users-usage.js'

export interface UsersCliIo {
  out: { write(text: string): unknown }
  /** Asks for a password without echoing it; undefined when there is no terminal to ask on. */
  askPassword?: (prompt: string) => Promise<string>
}

async function passwordFrom(env: NodeJS.ProcessEnv, io: UsersCliIo): Promise<string> {
  const given = env['LINKWAY_USER_PASSWORD'] || (io.askPassword ? await io.askPassword('Password (12 to 200 characters): ') : undefined)
  if (given === undefined) throw new UsersCliError('Set LINKWAY_USER_PASSWORD, or run this on a terminal to be asked for the password.')
  const parsed = PortalPassword.safeParse(given)
  if (!parsed.success) throw new UsersCliError(parsed.error.issues[0]!.message)
  return parsed.data
}

function emailFrom(positionals: string[]): string {
  if (positionals.length !== 1) throw new UsersCliError(USERS_USAGE)
  const parsed = PortalEmail.safeParse(positionals[0])
  if (!parsed.success) throw new UsersCliError(`${positionals[0]} is not an email address`)
  return parsed.data
}

/** Opens the server's database (claiming DATA_DIR's lock in embedded mode) for the length of `work`. */
async function withPortal<T>(env: NodeJS.ProcessEnv, work: (portal: PortalUsersService, firstClientId: () => Promise<string>) => Promise<T>): Promise<T> {
  let config
  try {
    config = parseConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) throw new UsersCliError(error.message)
    throw error
  }
  let lock: { release(): void } | undefined
  if (config.databaseUrl === undefined) {
    try {
      lock = lockDataDir(config.dataDir)
    } catch (error) {
      if (error instanceof DataDirLockedError) throw new UsersCliError(`${error.message} (linkway users opens the embedded database itself; stop Linkway first, or use DATABASE_URL.)`)
      throw error
    }
  }
  let database: Database | undefined
  try {
    database = await createDatabase(
      config.databaseUrl ? { backend: 'postgres', connectionString: config.databaseUrl, maxConnections: 2 } : { backend: 'pglite', dataDir: path.join(config.dataDir, 'pglite') },
      { superviseJobs: false },
    )
    await database.migrate()
    const db = database.db
    const deps = { db, clock: systemClock, ids: systemIds, random: systemRandom }
    const clients = createClientsService({ ...deps, apiKeys: createApiKeysService(deps) })
    const portal = createPortalUsersService({
      ...deps,
      publicUrl: config.publicUrl,
      // The command line makes no session, so no CSRF token: any key will do.
      csrfKey: randomBytes(32),
      settings: config.portal,
      rateLimits: {
        blockedAddress: () => undefined,
        countFailedAuthentication: async () => ({ isAllowed: true, retryAfterSeconds: 0 }),
        accountLoginBlocked: async () => undefined,
        countAccountLoginFailure: async () => ({ isAllowed: true, retryAfterSeconds: 0 }),
      },
      audit: createAuditLogService(deps),
    })
    const firstClientId = async () => {
      const id = await clients.firstClientId()
      if (id === undefined) throw new UsersCliError('This database has no client yet: start Linkway once (npm start), then add users.')
      return id
    }
    return await work(portal, firstClientId)
  } finally {
    await database?.close()
    lock?.release()
  }
}

export async function runUsersCommand(argv: string[], env: NodeJS.ProcessEnv, io: UsersCliIo): Promise<number> {
  const [action, ...rest] = argv
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { role: { type: 'string' } } })
  try {
    switch (action) {
      case 'add': {
        const email = emailFrom(positionals)
        const role = PortalRole.safeParse(values.role)
        if (!role.success) throw new UsersCliError('--role must be admin or viewer')
        const password = await passwordFrom(env, io)
        const user = await withPortal(env, async (portal, firstClientId) => await portal.createUser(await firstClientId(), { email, password, role: role.data }))
        io.out.write(`Added ${user.email} (${user.role}).\n`)
        return 0
      }
      case 'list': {
        if (positionals.length > 0) throw new UsersCliError(USERS_USAGE)
        const users = await withPortal(env, async (portal, firstClientId) => await portal.listUsersOf(await firstClientId()))
        if (users.length === 0) io.out.write('No Portal users yet.\n')
        for (const user of users) io.out.write(`${user.email}\t${user.role}\t${user.createdDate}\n`)
        return 0
      }
      case 'remove': {
        const email = emailFrom(positionals)
        if (!(await withPortal(env, (portal) => portal.removeUserByEmail(email)))) throw new UsersCliError(`No Portal user ${email}.`)
        io.out.write(`Removed ${email}; their sessions have ended.\n`)
        return 0
      }
      case 'reset': {
        const email = emailFrom(positionals)
        const password = await passwordFrom(env, io)
        if (!(await withPortal(env, (portal) => portal.resetPassword(email, password)))) throw new UsersCliError(`No Portal user ${email}.`)
        io.out.write(`New password set for ${email}; their sessions have ended.\n`)
        return 0
      }
      default:
        throw new UsersCliError(USERS_USAGE)
    }
  } catch (error) {
    // The domain's refusals (email taken, last admin) are the operator's to read, not a crash.
    if (error instanceof AppError && error.status < 500) throw new UsersCliError(error.message)
    throw error
  }
}

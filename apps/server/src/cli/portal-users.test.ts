import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDatabase, type Database } from '@linkway/db'
import { createScratchDatabase, postgresUrlForTests, testedBackends, type ScratchDatabase } from '@linkway/test-kit'
import { systemClock, systemIds, systemRandom } from '../app-deps.js'
import { createApiKeysService } from '../modules/api-keys/index.js'
import { createClientsService } from '../modules/clients/index.js'
import { verifyPassword } from '../modules/portal-users/index.js'
import { runUsersCommand } from './portal-users.js'
import { UsersCliError } from './users-usage.js'

const PASSWORD = 'a password for the cli'
const ENCRYPTION_KEYS = `k1:${Buffer.alloc(32, 3).toString('base64')}`

describe.each(testedBackends())('linkway users on %s', (backend) => {
  let env: NodeJS.ProcessEnv
  let dataDir: string
  let scratch: ScratchDatabase | undefined

  /** The database as a started Linkway leaves it: migrated, with its first client. */
  async function open(): Promise<Database> {
    return await createDatabase(
      backend === 'postgres' ? { backend: 'postgres', connectionString: scratch!.url, maxConnections: 2 } : { backend: 'pglite', dataDir: path.join(dataDir, 'pglite') },
      { superviseJobs: false },
    )
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'linkway-users-'))
    if (backend === 'postgres') scratch = await createScratchDatabase(postgresUrlForTests()!)
    env = backend === 'postgres' ? { DATABASE_URL: scratch!.url, ENCRYPTION_KEYS } : { DATA_DIR: dataDir }
    const database = await open()
    try {
      await database.migrate()
      const deps = { db: database.db, clock: systemClock, ids: systemIds, random: systemRandom }
      await createClientsService({ ...deps, apiKeys: createApiKeysService(deps) }).ensureFirstClient(undefined)
    } finally {
      await database.close()
    }
  }, 60_000)
  afterAll(async () => {
    await scratch?.drop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  async function run(argv: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string }> {
    let out = ''
    const code = await runUsersCommand(argv, { ...env, ...extraEnv }, { out: { write: (text: string) => (out += text) } })
    return { code, out }
  }

  async function passwordHashOf(email: string): Promise<string | undefined> {
    const database = await open()
    try {
      return (await database.db.selectFrom('portal_users').select('password_hash').where('email', '=', email).executeTakeFirst())?.password_hash
    } finally {
      await database.close()
    }
  }

  it('adds, lists, resets and removes users; never the last admin', async () => {
    expect(await run(['add', 'Ops@Example.com', '--role', 'admin'], { LINKWAY_USER_PASSWORD: PASSWORD })).toEqual({ code: 0, out: 'Added ops@example.com (admin).\n' })
    expect(await run(['add', 'viewer@example.com', '--role', 'viewer'], { LINKWAY_USER_PASSWORD: PASSWORD })).toMatchObject({ code: 0 })
    const listed = await run(['list'])
    expect(listed.out).toMatch(/^ops@example\.com\tadmin\t\S+\nviewer@example\.com\tviewer\t\S+\n$/)
    expect(listed.out).not.toContain(PASSWORD)

    await expect(run(['add', 'ops@example.com', '--role', 'viewer'], { LINKWAY_USER_PASSWORD: PASSWORD })).rejects.toThrow('A Portal user with this email already exists.')
    await expect(run(['add', 'x@example.com', '--role', 'owner'], { LINKWAY_USER_PASSWORD: PASSWORD })).rejects.toThrow('--role must be admin or viewer')
    await expect(run(['add', 'x@example.com', '--role', 'admin'], { LINKWAY_USER_PASSWORD: 'short' })).rejects.toThrow('password must be at least 12 characters')
    await expect(run(['add', 'x@example.com', '--role', 'admin'])).rejects.toThrow(UsersCliError)

    expect((await run(['reset', 'ops@example.com'], { LINKWAY_USER_PASSWORD: 'the new password here' })).code).toBe(0)
    expect(await verifyPassword('the new password here', (await passwordHashOf('ops@example.com'))!)).toBe(true)

    await expect(run(['remove', 'ops@example.com'])).rejects.toThrow('The last admin cannot be removed')
    expect((await run(['remove', 'viewer@example.com'])).code).toBe(0)
    await expect(run(['remove', 'viewer@example.com'])).rejects.toThrow('No Portal user viewer@example.com.')
  }, 60_000)

  it.runIf(backend === 'pglite')('refuses while Linkway holds the data folder', async () => {
    // A live process (this one's parent) owns the lock.
    writeFileSync(path.join(dataDir, 'linkway.pid'), String(process.ppid))
    try {
      await expect(run(['list'])).rejects.toThrow(/Another Linkway process .* stop Linkway first, or use DATABASE_URL/)
    } finally {
      rmSync(path.join(dataDir, 'linkway.pid'), { force: true })
    }
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, FakeClock, testedBackends } from '@linkway/test-kit'
import type { Database } from '@linkway/db'
import { systemIds, systemRandom } from '../../app-deps.js'
import { createApiKeysService } from '../api-keys/index.js'
import { createClientsService } from './service.js'

describe.each(testedBackends())('first client on %s', (backend) => {
  let database: Database

  beforeAll(async () => {
    database = await createTestDatabase(backend)
  })
  afterAll(async () => {
    await database?.close()
  })

  it('is created once, even when two starts race, with the operator-given key', async () => {
    const clock = new FakeClock()
    const apiKeys = createApiKeysService({ db: database.db, clock, ids: systemIds, random: systemRandom })
    const clients = createClientsService({ db: database.db, clock, ids: systemIds, random: systemRandom, apiKeys })
    const given = 'operator-chosen-key-0123456789abcdefghij'
    const outcomes = await Promise.all([clients.ensureFirstClient(given), clients.ensureFirstClient(given)])
    expect(outcomes.filter((o) => o !== undefined)).toHaveLength(1)
    expect(outcomes.find((o) => o !== undefined)!.apiKey).toBe(given)
    expect(await clients.ensureFirstClient(undefined)).toBeUndefined()
    expect(await database.db.selectFrom('clients').select('id').execute()).toHaveLength(1)
    expect(await clients.isLiveApiKey(given)).toBe(true)
    expect(await clients.isLiveApiKey('some-other-key-0123456789abcdefghijkl')).toBe(false)
  })
})

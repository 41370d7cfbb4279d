import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, testedBackends } from '@linkway/test-kit'
import type { Database } from '../index.js'
import * as consentDataTypes from './0020-consent-data-types.js'

const FORMER_ACCOUNTING = ['chartOfAccounts', 'invoices', 'bills', 'customers', 'suppliers', 'payments', 'bankAccounts', 'journalEntries']
const FORMER_BANKING = ['banking-accounts', 'banking-accountBalances', 'banking-transactions']
const FORMER_COMMERCE = ['commerce-companyInfo', 'commerce-customers', 'commerce-orders', 'commerce-products', 'commerce-payments']

describe.each(testedBackends())('migration 0020 (consent lists never chosen) on %s', (backend) => {
  let database: Database

  beforeAll(async () => {
    database = await createTestDatabase(backend)
  })
  afterAll(async () => {
    await database?.close()
  })

  async function saved(settings: object): Promise<string> {
    const id = crypto.randomUUID()
    await database.db.insertInto('clients').values({ id, name: 'Acme Lending', created_at: new Date() }).execute()
    await database.db.insertInto('link_settings').values({ client_id: id, settings: JSON.stringify(settings), updated_at: new Date() }).execute()
    return id
  }
  const settingsOf = async (clientId: string) => (await database.db.selectFrom('link_settings').select('settings').where('client_id', '=', clientId).executeTakeFirstOrThrow()).settings

  it('removes the lists a saved settings held only because they were the defaults, and keeps a list the client changed', async () => {
    const untouched = await saved({ showPoweredBy: false, dataTypes: { accounting: FORMER_ACCOUNTING, banking: FORMER_BANKING, commerce: FORMER_COMMERCE } })
    const narrowed = await saved({ dataTypes: { accounting: ['invoices'], banking: FORMER_BANKING, commerce: FORMER_COMMERCE } })
    // The same names in another order were chosen: the client arranged them.
    const reordered = await saved({ dataTypes: { accounting: [...FORMER_ACCOUNTING].reverse(), banking: FORMER_BANKING, commerce: FORMER_COMMERCE } })

    await consentDataTypes.up(database.db as never)

    expect(await settingsOf(untouched)).toEqual({ showPoweredBy: false, dataTypes: {} })
    expect(await settingsOf(narrowed)).toEqual({ dataTypes: { accounting: ['invoices'] } })
    expect(await settingsOf(reordered)).toEqual({ dataTypes: { accounting: [...FORMER_ACCOUNTING].reverse() } })

    await consentDataTypes.down(database.db as never)
    expect(await settingsOf(untouched)).toEqual({ showPoweredBy: false, dataTypes: { accounting: FORMER_ACCOUNTING, banking: FORMER_BANKING, commerce: FORMER_COMMERCE } })
    expect(await settingsOf(narrowed)).toEqual({ dataTypes: { accounting: ['invoices'], banking: FORMER_BANKING, commerce: FORMER_COMMERCE } })
    await sql`delete from link_settings`.execute(database.db)
  })
})

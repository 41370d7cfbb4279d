/**
 * @module Link settings' consent lists that were never chosen. Until now every saved Link settings
 * held a `dataTypes` list per category, the defaults included (a PUT stored them filled in), and
 * the consent screen showed those eight accounting data types while the default sync settings read
 * every accounting data type. A category's list left out now means "what the company's sync
 * settings read"; a saved list equal to the old default is taken as never chosen and removed, so
 * those clients' consent screens list what is read. A list the client changed is kept as written.
 */
import { sql, type Kysely } from 'kysely'

/** The lists every saved Link settings held unless the client changed them. */
const FORMER_DEFAULTS = {
  accounting: ['chartOfAccounts', 'invoices', 'bills', 'customers', 'suppliers', 'payments', 'bankAccounts', 'journalEntries'],
  banking: ['banking-accounts', 'banking-accountBalances', 'banking-transactions'],
  commerce: ['commerce-companyInfo', 'commerce-customers', 'commerce-orders', 'commerce-products', 'commerce-payments'],
} as const

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [category, list] of Object.entries(FORMER_DEFAULTS)) {
    await sql`
      update link_settings
      set settings = settings #- array['dataTypes', ${category}]
      where settings -> 'dataTypes' -> ${category} = ${JSON.stringify(list)}::jsonb
    `.execute(db)
  }
}

/** Back to every list filled in, as the former code read them. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [category, list] of Object.entries(FORMER_DEFAULTS)) {
    await sql`
      update link_settings
      set settings = jsonb_set(settings, array['dataTypes', ${category}], ${JSON.stringify(list)}::jsonb, true)
      where settings ? 'dataTypes' and not (settings -> 'dataTypes' ? ${category})
    `.execute(db)
  }
}

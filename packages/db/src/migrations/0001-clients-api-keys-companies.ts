import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('clients')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('client_id', 'uuid', (c) => c.notNull().references('clients.id').onDelete('cascade'))
    .addColumn('name', 'text')
    .addColumn('key_hash', 'bytea', (c) => c.notNull().unique())
    .addColumn('key_hint', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('api_keys_client_id_idx').on('api_keys').columns(['client_id', 'created_at']).execute()

  await db.schema
    .createTable('companies')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('client_id', 'uuid', (c) => c.notNull().references('clients.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('tags', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_sync_at', 'timestamptz')
    .addColumn('seq', 'bigserial', (c) => c.notNull())
    .execute()
  // The default listing order, and the tenant filter every query starts with.
  await db.schema.createIndex('companies_client_order_idx').on('companies').columns(['client_id', 'created_at', 'seq']).execute()
  // Serves `tags.<key>=value` (and the tags parameter), compiled to `tags @> {key: value}`.
  // fastupdate off: a pending list of unmerged entries is scanned linearly by every read until vacuum
  // merges it; companies are written rarely and read often, so inserts pay instead.
  await sql`create index companies_tags_idx on companies using gin (tags jsonb_path_ops) with (fastupdate = off)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('companies').execute()
  await db.schema.dropTable('api_keys').execute()
  await db.schema.dropTable('clients').execute()
}

/**
 * @module The ceiling: the least a Fastify server on the same PostgreSQL can do per request. No
 * auth, no zod, no Kysely; one route does one INSERT, one does one SELECT by primary key, on a
 * pg.Pool of the same size as ours. Our routes are measured against these. Optional routes: a
 * canned JSON answer (no database at all), and the one-row SELECT of a connection from our own
 * connections table.
 */
import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import pg from 'pg'

export const CEILING_TABLE = 'bench_ceiling_items'

export interface CeilingServer {
  url: string
  /** Ids of pre-created rows, for the SELECT route. */
  ids: string[]
  close(): Promise<void>
}

interface ItemBody {
  name: string
  tags: Record<string, string>
}

export interface CeilingOptions {
  poolSize: number
  /** Rows created in the ceiling's table, as many as the table ours reads holds. */
  rows: number
  /** How many of their ids `ids` returns. */
  idPoolSize: number
  /** Served by `GET /canned`, as UTF-8 bytes encoded once: an answer of ours captured once, sent with no work but Fastify's. */
  cannedJson?: string
  /**
   * Adds `GET /companies/:companyId/connections/:connectionId`: the one SELECT our route needs,
   * the row of our connections table (its columns, scoped to this client, company and id).
   */
  connectionsOfClient?: string
  /**
   * Adds `GET /companies?region=…&name=…`: the one statement our companies list runs for
   * `tags.region=… && name~…` (page 1 of 100, each company with its connections as JSON, and the
   * total), over our companies table for this client, its rows sent as node-postgres gives them.
   */
  companiesOfClient?: string
}

/** The columns our connections repo reads for one connection (apps/server/src/modules/connections/repo.ts). */
const CONNECTION_COLUMNS = 'id, client_id, company_id, platform_key, source_type, status, errors, connection_info, created_at, last_sync_at'

/**
 * What our companies list runs for `tags.region=$2 && name~$3` (apps/server/src/modules/companies:
 * the query language's tag containment and `ilike`, the connections module's JSON aggregate, the
 * paging helper's window count), written out by hand.
 */
const COMPANY_LIST_STATEMENT = `
  select id, client_id, name, description, tags, created_at, last_sync_at,
    coalesce((select json_agg(json_build_object(
      'id', c.id, 'client_id', c.client_id, 'company_id', c.company_id, 'platform_key', c.platform_key,
      'source_type', c.source_type, 'status', c.status, 'errors', c.errors, 'connection_info', c.connection_info,
      'created_at', c.created_at, 'last_sync_at', c.last_sync_at
    ) order by c.created_at, c.seq) from connections c where c.company_id = companies.id), '[]'::json) as connections,
    count(*) over ()::int as total_results
  from companies
  where client_id = $1 and (companies.tags @> $2::jsonb and companies.name ilike $3::text)
  order by created_at, seq
  limit 100 offset 0`

export async function startCeilingServer(connectionString: string, options: CeilingOptions): Promise<CeilingServer> {
  const pool = new pg.Pool({ connectionString, max: options.poolSize })
  pool.on('error', () => {})
  await pool.query(`
    create table if not exists ${CEILING_TABLE} (
      id uuid primary key,
      name text not null,
      tags jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now()
    )`)
  // As many rows as our companies table holds, so the primary-key index is as deep.
  await pool.query(
    `insert into ${CEILING_TABLE} (id, name, tags)
     select gen_random_uuid(), 'Item ' || i, jsonb_build_object('region', (array['uk','us','de','fr','ie'])[1 + i % 5])
     from generate_series(1, $1::int) as i`,
    [options.rows],
  )
  await pool.query(`analyze ${CEILING_TABLE}`)
  const ids = (await pool.query<{ id: string }>(`select id from ${CEILING_TABLE} order by random() limit $1`, [options.idPoolSize])).rows.map((r) => r.id)

  const app: FastifyInstance = Fastify({ logger: false })
  app.post<{ Body: ItemBody }>('/items', async (request) => {
    const { name, tags } = request.body
    const { rows } = await pool.query(`insert into ${CEILING_TABLE} (id, name, tags) values ($1, $2, $3) returning id, name, tags, created_at`, [
      randomUUID(),
      name,
      JSON.stringify(tags ?? {}),
    ])
    return rows[0]
  })
  app.get<{ Params: { id: string } }>('/items/:id', async (request, reply) => {
    const { rows } = await pool.query(`select id, name, tags, created_at from ${CEILING_TABLE} where id = $1`, [request.params.id])
    if (rows.length === 0) return await reply.code(404).send({ error: 'not found' })
    return rows[0]
  })
  const { cannedJson, connectionsOfClient, companiesOfClient } = options
  if (cannedJson !== undefined) {
    // Encoded once: a string would be measured to UTF-8 for Content-Length and encoded again on every write.
    const bytes = Buffer.from(cannedJson)
    app.get('/canned', async (_request, reply) => await reply.type('application/json; charset=utf-8').send(bytes))
  }
  if (connectionsOfClient !== undefined) {
    app.get<{ Params: { companyId: string; connectionId: string } }>('/companies/:companyId/connections/:connectionId', async (request, reply) => {
      const { rows } = await pool.query(`select ${CONNECTION_COLUMNS} from connections where client_id = $1 and company_id = $2 and id = $3`, [
        connectionsOfClient,
        request.params.companyId,
        request.params.connectionId,
      ])
      if (rows.length === 0) return await reply.code(404).send({ error: 'not found' })
      return rows[0]
    })
  }

  if (companiesOfClient !== undefined) {
    app.get<{ Querystring: { region: string; name: string } }>('/companies', async (request) => {
      const { region, name } = request.query
      const { rows } = await pool.query<{ total_results: number }>(COMPANY_LIST_STATEMENT, [companiesOfClient, JSON.stringify({ region }), `%${name}%`])
      return { results: rows, pageNumber: 1, pageSize: 100, totalResults: rows[0]?.total_results ?? 0 }
    })
  }

  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return {
    url,
    ids,
    async close() {
      await app.close()
      await pool.end()
    },
  }
}

/**
 * @module The ceiling: the least a Fastify server on the same PostgreSQL can do per request. No
 * auth, no zod, no Kysely; one route does one INSERT, one does one SELECT by primary key, on a
 * pg.Pool of the same size as ours. Our routes are measured against these.
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

export async function startCeilingServer(connectionString: string, options: { poolSize: number; rows: number; idPoolSize: number }): Promise<CeilingServer> {
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

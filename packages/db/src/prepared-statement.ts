/**
 * @module Named prepared statements, for the few statements every API request runs. PostgreSQL
 * parses and plans an unnamed statement on every execution; a named one is parsed once per
 * connection and, once its generic plan is as cheap as the custom ones (a lookup by primary key,
 * after five executions), not planned again. node-postgres prepares a query that has a `name`;
 * Kysely's pg driver never gives one, so the pool's clients look the statement's text up here
 * (`nameOfPreparedText`, used by createDatabase). On PGlite the statement runs as any other.
 *
 * The statement is built with Kysely as usual, once: its parameters are the statement's
 * arguments, so the text is compiled on the first execution and reused, without building the
 * query again on every request.
 */
import { createHash } from 'node:crypto'
import { CompiledQuery, type Kysely } from 'kysely'

/** Statement texts registered as prepared, with their names. Texts are fixed, so this stays small. */
const namesByText = new Map<string, string>()

/** The name node-postgres prepares `text` under, if a prepared statement has that text. */
export function nameOfPreparedText(text: string): string | undefined {
  return namesByText.get(text)
}

/** Stands for the statement's argument `index` while its text is compiled. */
class ArgumentSlot {
  constructor(readonly index: number) {}
}

/** A query builder (`db.selectFrom(…)`) or a `sql` template: anything Kysely compiles. */
interface CompilableWith<Row> {
  compile(db: Kysely<any>): CompiledQuery<Row>
}

export interface PreparedStatement<Args extends readonly unknown[], Row> {
  /** Runs the statement (on `db` or inside a transaction, `trx`) and returns its rows. */
  execute(db: Kysely<any>, ...args: Args): Promise<Row[]>
}

/**
 * A statement sent as a named prepared statement on PostgreSQL. `build` must use each argument
 * only as a value (`where('id', '=', id)`, `${id}` in `sql`), never to decide the statement's
 * shape: it runs once, with stand-ins for the arguments, and the text it compiles to is reused
 * (compiled on the first `db` it runs on: a plugin that rewrites queries would apply from that one).
 *
 * @example
 * const findCompany = preparedStatement((db: Kysely<Tables>, clientId: string, id: string) =>
 *   db.selectFrom('companies').selectAll().where('client_id', '=', clientId).where('id', '=', id))
 * const rows = await findCompany.execute(db, clientId, companyId)
 */
export function preparedStatement<Args extends readonly unknown[], Row>(build: (db: Kysely<any>, ...args: Args) => CompilableWith<Row>): PreparedStatement<Args, Row> {
  let compiled: { text: string; argumentOrder: number[] } | undefined
  const compile = (db: Kysely<any>, argumentCount: number) => {
    const slots = Array.from({ length: argumentCount }, (_, index) => new ArgumentSlot(index))
    const query = build(db, ...(slots as unknown as Args)).compile(db)
    const argumentOrder = query.parameters.map((parameter) => {
      if (!(parameter instanceof ArgumentSlot)) throw new Error(`A prepared statement may only have its arguments as parameters: ${query.sql}`)
      return parameter.index
    })
    const name = `linkway_${createHash('sha256').update(query.sql).digest('hex').slice(0, 24)}`
    namesByText.set(query.sql, name)
    return { text: query.sql, argumentOrder }
  }
  return {
    async execute(db, ...args) {
      compiled ??= compile(db, args.length)
      const { text, argumentOrder } = compiled
      const result = await db.executeQuery<Row>(CompiledQuery.raw(text, argumentOrder.map((index) => args[index])))
      return result.rows
    },
  }
}

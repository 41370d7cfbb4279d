/**
 * @module jsonParameter(value): a statement parameter that becomes JSON text only while the
 * statement is being sent, for parameters large enough to matter to the garbage collector (a sync
 * page: about 0.5 MB of JSON per 1,000 bank transactions, 1.3 MB per 1,000 invoices).
 *
 * Why: a JSON text of that size is a V8 large object. Passed as a string, it stays reachable from
 * the query until the database answers; the worker allocates the next page meanwhile, a scavenge
 * finds the text alive, and a large object that survives one scavenge moves to the old generation,
 * which only a major collection empties. V8 starts one only when the old generation reaches a
 * limit set from its live size, so one such text per page added up to about 50 MB over 100,000
 * records before the first major collection (docs/performance.md, "Worker memory, flat").
 * node-postgres asks a parameter with `toPostgres()` for its text while it writes the Bind message
 * and keeps nothing of it once the bytes are copied there, so the text dies young.
 */

/** A value sent as its JSON text; see {@link jsonParameter}. */
export class JsonParameter {
  constructor(readonly value: unknown) {}

  /** The text, made afresh on each call. node-postgres calls this as it writes the Bind message. */
  toPostgres(): string {
    return JSON.stringify(this.value)
  }
}

/**
 * `value` as a parameter sent as JSON text, serialised as the statement is sent rather than when it
 * is built. Cast it in SQL as any JSON text (`::jsonb`). For the PGlite backend the dialect serialises it.
 *
 * @example
 * sql`select count(*) from jsonb_array_elements(${jsonParameter(ids)}::jsonb)`
 */
export function jsonParameter(value: unknown): JsonParameter {
  return new JsonParameter(value)
}

/** The parameters as the driver sends them: a {@link JsonParameter} as its JSON text, anything else as it is. */
export function serialiseJsonParameters(parameters: readonly unknown[]): unknown[] {
  return parameters.map((parameter) => (parameter instanceof JsonParameter ? parameter.toPostgres() : parameter))
}

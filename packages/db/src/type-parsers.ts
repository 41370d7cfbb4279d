/**
 * @module The column parsers both backends share, so a row reads the same on PGlite and on
 * PostgreSQL: int8 as a JavaScript number, bytea as a Buffer, date as its 'YYYY-MM-DD' text.
 */

export const PG_TYPE = { INT8: 20, BYTEA: 17, DATE: 1082 } as const

function parseInt8(text: string): number {
  const value = Number(text)
  // A count or a size beyond 2^53 would silently lose digits; better to fail loudly.
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${text} is beyond Number.MAX_SAFE_INTEGER`)
  return value
}

/** pg hands text; PGlite may hand text or already-decoded bytes. */
function parseBytea(value: string | Uint8Array): Buffer {
  if (typeof value !== 'string') return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  return value.startsWith('\\x') ? Buffer.from(value.slice(2), 'hex') : Buffer.from(value, 'binary')
}

export const sharedTypeParsers: Record<number, (value: string) => unknown> = {
  [PG_TYPE.INT8]: parseInt8,
  [PG_TYPE.BYTEA]: parseBytea as (value: string) => unknown,
  [PG_TYPE.DATE]: (text: string) => text,
}

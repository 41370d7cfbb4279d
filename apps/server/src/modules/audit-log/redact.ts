/** @module What an audit entry may keep of a request body: everything but secrets. */

/** Field names that hold a secret, whatever their case or separators (apiKey, client_secret, password, accessToken…). */
const SECRET_NAME = /secret|password|passwd|token|key|authorization|credential/i
const MAX_DEPTH = 8

/** A copy of `value` with every field whose name looks like a secret replaced by "[redacted]". */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return '[truncated]'
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, field]) => [storable(name), SECRET_NAME.test(name) ? '[redacted]' : redactSecrets(field, depth + 1)]))
  }
  if (typeof value === 'string') return storable(value)
  return value
}

/** PostgreSQL's jsonb refuses NUL and unpaired surrogates: replaced, so a hostile body does not lose its entry. */
function storable(text: string): string {
  return text.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\uFFFD')
}

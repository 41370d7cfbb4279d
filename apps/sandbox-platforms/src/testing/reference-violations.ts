/**
 * @module What a published reference says is wrong with an emulation's answer, as one line each:
 * the platform, the endpoint, the JSON path and the rule broken, so a failing test names the field
 * to fix without a debugger. Shared by the Xero, QuickBooks Online and Shopify reference checks.
 */
import type { ErrorObject } from 'ajv'

/** One broken rule at one place of one answer. */
export interface ReferenceViolation {
  platform: string
  /** e.g. `GET /Invoices?page=1&where=…` relative to the API base. */
  endpoint: string
  /** e.g. `$.Invoices[3].Status`. */
  path: string
  rule: string
}

export function formatViolation(violation: ReferenceViolation): string {
  return `${violation.platform} ${violation.endpoint}: ${violation.path} ${violation.rule}`
}

/** `/Invoices/3/Status` (ajv's JSON pointer) → `$.Invoices[3].Status`. */
export function jsonPathOf(pointer: string): string {
  if (pointer === '') return '$'
  return `$${pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : /^[A-Za-z_$][\w$]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`))
    .join('')}`
}

/** ajv's error in the reference's words: which field or value, and what the schema asks for. */
export function ruleOf(error: ErrorObject): { path: string; rule: string } {
  const path = jsonPathOf(error.instancePath)
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'additionalProperties':
      return { path: `${path}.${String(params['additionalProperty'])}`, rule: 'is a field the reference does not define (additionalProperties)' }
    case 'enum':
      return { path, rule: `must be one of ${JSON.stringify(params['allowedValues'])} (enum)` }
    case 'type':
      return { path, rule: `must be ${String(params['type'])} (type)` }
    case 'pattern':
      return { path, rule: `must match ${String(params['pattern'])} (pattern)` }
    case 'format':
      return { path, rule: `must be a ${String(params['format'])} (format)` }
    default:
      return { path, rule: `${error.message ?? 'is invalid'} (${error.keyword} ${JSON.stringify(params)})` }
  }
}

/**
 * The same rule broken by the same field of every record says one thing: kept once, at its first
 * record, with how many more there were, so a drifted field reads as one line, not a hundred.
 */
export function summarizeViolations(violations: readonly ReferenceViolation[]): string[] {
  const byShape = new Map<string, { first: ReferenceViolation; count: number }>()
  for (const violation of violations) {
    const shape = `${violation.platform} ${violation.endpoint.split('?')[0]} ${violation.path.replace(/\[\d+\]/g, '[]')} ${violation.rule}`
    const seen = byShape.get(shape)
    if (seen === undefined) byShape.set(shape, { first: violation, count: 1 })
    else seen.count++
  }
  return [...byShape.values()].map(({ first, count }) => formatViolation(first) + (count > 1 ? ` (and ${count - 1} more like it)` : ''))
}

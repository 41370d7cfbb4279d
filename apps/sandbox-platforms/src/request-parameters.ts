/**
 * @module Reading OAuth parameters from a query, a form or a JSON body, with RFC 6749 §3.1's
 * rules: a parameter sent without a value counts as absent, and one sent twice is an error.
 */
import { OAuthError } from './oauth-error.js'

export interface RequestParameters {
  /** The single value; undefined when absent or empty. Throws invalid_request when repeated or not text. */
  get(name: string): string | undefined
  /** Every value of a repeatable parameter (checkboxes), empty ones left out. */
  getAll(name: string): string[]
}

/** Throws invalid_request when the source is not a set of parameters (a text or JSON array body). */
export function readParameters(source: unknown): RequestParameters {
  if (source !== undefined && source !== null && (typeof source !== 'object' || Array.isArray(source))) {
    throw new OAuthError('invalid_request', 'The request body must be application/x-www-form-urlencoded (or a JSON object).')
  }
  const values = (source ?? {}) as Record<string, unknown>
  const valueOf = (name: string): unknown => (Object.hasOwn(values, name) ? values[name] : undefined)
  return {
    get(name) {
      const value = valueOf(name)
      if (value === undefined || value === null || value === '') return undefined
      if (Array.isArray(value)) throw new OAuthError('invalid_request', `The ${name} parameter is repeated.`)
      if (typeof value !== 'string') throw new OAuthError('invalid_request', `The ${name} parameter must be a string.`)
      return value
    },
    getAll(name) {
      const value = valueOf(name)
      const list = Array.isArray(value) ? value : [value]
      return list.filter((item): item is string => typeof item === 'string' && item !== '')
    },
  }
}

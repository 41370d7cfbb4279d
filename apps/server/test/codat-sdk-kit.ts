/**
 * @module What the SDK contract tests share: an SDK pointed at a listening Linkway that records
 * every response it saw, and the checks on the errors the SDK raises.
 */
import { CodatPlatform } from '@codat/platform'
import { HTTPClient } from '@codat/platform/lib/http.js'
import * as errors from '@codat/platform/sdk/models/errors/index.js'
import { expect } from 'vitest'
import { basicAuthorization } from '../src/testing/test-app.js'

/** The test clock's instant: every `created` the server writes. */
export const CREATED = '2026-01-01T00:00:00.000Z'
export const UUID = /^[0-9a-f-]{36}$/

/**
 * SDKs for API keys, at `baseUrl()` (read when the SDK is made: after `listen`), without retries.
 * Every response they see lands in `seen` as `METHOD /path STATUS`.
 */
export function sdkFactory(baseUrl: () => string, seen: string[]): (apiKey: string) => CodatPlatform {
  return (apiKey) => {
    const httpClient = new HTTPClient()
    httpClient.addHook('response', (res, req) => {
      seen.push(`${req.method} ${new URL(req.url).pathname} ${res.status}`)
    })
    return new CodatPlatform({ authHeader: basicAuthorization(apiKey), serverURL: baseUrl(), retryConfig: { strategy: 'none' }, httpClient })
  }
}

/** The SDK's promise must reject; returns what it rejected with. */
export async function rejection(call: Promise<unknown>): Promise<unknown> {
  try {
    await call
  } catch (error) {
    return error
  }
  throw new Error('expected the SDK call to fail, it succeeded')
}

/** An SDK ErrorMessage (a status the operation declares) with the wire body every Linkway error has. */
export function expectErrorMessage(error: unknown, statusCode: number, message: string): errors.ErrorMessage {
  expect(error).toBeInstanceOf(errors.ErrorMessage)
  const e = error as errors.ErrorMessage
  expect(e.statusCode).toBe(statusCode)
  expect(e.data$.statusCode).toBe(statusCode)
  expect(e.error).toBe(message)
  expect(e.service).toBe('PublicApi')
  expect(e.correlationId).toMatch(UUID)
  expect(e.headers.get('x-correlation-id')).toBe(e.correlationId)
  return e
}

/**
 * A status the operation does not declare (the SDK's `M.fail("4XX")`): a plain SDKError, not an
 * ErrorMessage, that still carries our JSON error body for the caller to read.
 */
export function expectUndeclaredError(error: unknown, statusCode: number, message: string): errors.SDKError {
  expect(error).toBeInstanceOf(errors.SDKError)
  expect(error).not.toBeInstanceOf(errors.ErrorMessage)
  const e = error as errors.SDKError
  expect(e.statusCode).toBe(statusCode)
  expect(e.contentType).toMatch(/^application\/json/)
  const body = JSON.parse(e.body) as Record<string, unknown>
  expect(body).toMatchObject({ statusCode, service: 'PublicApi', error: message, correlationId: expect.stringMatching(UUID) })
  expect(e.headers.get('x-correlation-id')).toBe(body.correlationId)
  return e
}

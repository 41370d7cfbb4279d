/**
 * @module The admin controls over HTTP, for tests in another process: JSON in, JSON out, only from
 * this machine (a sandbox listening on a wider address must not take orders from it), and only
 * with the admin token. Loopback alone is not enough: any web page open in a browser on this
 * machine can post a form to 127.0.0.1. A form cannot send `Authorization`, and a script that
 * tries needs a CORS preflight, which this origin never grants; form-shaped bodies are refused as well.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { SandboxAdminError, type ApiFailureOptions, type RateLimitOptions, type SandboxAdmin, type SandboxClient, type TokenFailureOptions } from './admin.js'
import { bearerTokenOf } from './api-access.js'
import type { Currency } from './generated-data.js'
import type { IdTokenFlaw } from './id-tokens.js'
import type { PlatformKey } from './platform-definition.js'

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

export function registerAdminRoutes(app: FastifyInstance, admin: SandboxAdmin, adminToken: string): void {
  const adminTokenDigest = digestOf(adminToken)
  void app.register(async (routes) => {
    // onRequest: before any body is read or parsed.
    routes.addHook('onRequest', async (request, reply) => {
      if (!LOOPBACK_ADDRESSES.has(request.socket.remoteAddress ?? '')) {
        return reply.status(403).send({ error: 'forbidden', error_description: 'The admin routes answer only calls from this machine.' })
      }
      if (!isJsonOrEmpty(request)) {
        return reply.status(415).send({ error: 'invalid_request', error_description: 'The admin routes take JSON bodies only (Content-Type: application/json).' })
      }
      const token = bearerTokenOf(request)
      if (token === undefined) {
        // RFC 6750 §3.1: a request without credentials gets the challenge without an error code.
        return reply
          .status(401)
          .header('www-authenticate', 'Bearer realm="Sandbox admin"')
          .send({ error: 'invalid_token', error_description: 'The admin routes need Authorization: Bearer <admin token>.' })
      }
      if (!timingSafeEqual(digestOf(token), adminTokenDigest)) {
        return reply.status(401).header('www-authenticate', 'Bearer error="invalid_token"').send({ error: 'invalid_token', error_description: 'The admin token is wrong.' })
      }
    })

    routes.post('/admin/clients', async (request, reply) =>
      run(reply, () => {
        const body = bodyOf(request)
        admin.registerClient({ clientId: body['clientId'], clientSecret: body['clientSecret'], redirectUris: body['redirectUris'] } as SandboxClient)
        return reply.status(201).send({ clientId: body['clientId'] })
      }),
    )

    routes.post('/admin/grants/revoke', async (request, reply) =>
      run(reply, () => {
        const body = bodyOf(request)
        const target = typeof body['grantId'] === 'string' ? { grantId: body['grantId'] } : { accessToken: body['accessToken'] as string }
        return reply.send({ revoked: admin.revokeGrant(target) })
      }),
    )

    routes.post('/admin/tokens/expire', async (request, reply) =>
      run(reply, () => reply.send({ expired: admin.expireAccessTokens(bodyOf(request)['platform'] as PlatformKey | undefined) })),
    )

    routes.post('/admin/token-failures', async (request, reply) =>
      run(reply, () => {
        const body = bodyOf(request)
        const failure: TokenFailureOptions = {}
        if (body['status'] !== undefined) failure.status = body['status'] as number
        if (body['error'] !== undefined) failure.error = body['error'] as string
        if (body['retryAfterSeconds'] !== undefined) failure.retryAfterSeconds = body['retryAfterSeconds'] as number
        admin.failNextTokenCalls(body['platform'] as PlatformKey, body['count'] as number, failure)
        return reply.status(204).send()
      }),
    )

    routes.post('/admin/id-token-flaws', async (request, reply) =>
      run(reply, () => {
        const body = bodyOf(request)
        admin.flawNextIdTokens(body['platform'] as PlatformKey, body['count'] as number, body['flaw'] as IdTokenFlaw)
        return reply.status(204).send()
      }),
    )

    routes.post('/admin/rate-limit', async (request, reply) =>
      run(reply, () => {
        const body = bodyOf(request)
        const options: RateLimitOptions = {}
        if (body['afterCalls'] !== undefined) options.afterCalls = body['afterCalls'] as number
        admin.rateLimitNextApiCalls(body['platform'] as PlatformKey, body['count'] as number, body['retryAfterSeconds'] as number, options)
        return reply.status(204).send()
      }),
    )

    routes.post('/admin/api-failures', async (request, reply) =>
      run(reply, () => {
        const body = bodyOf(request)
        const options: ApiFailureOptions = {}
        if (body['status'] !== undefined) options.status = body['status'] as number
        if (body['afterCalls'] !== undefined) options.afterCalls = body['afterCalls'] as number
        admin.failNextApiCalls(body['platform'] as PlatformKey, body['count'] as number, options)
        return reply.status(204).send()
      }),
    )

    routes.post('/admin/grants/revoke-after', async (request, reply) =>
      run(reply, () => {
        const body = bodyOf(request)
        admin.revokeGrantsAfterApiCalls(body['platform'] as PlatformKey, body['afterCalls'] as number)
        return reply.status(204).send()
      }),
    )

    routes.get<{ Querystring: { platform?: string } }>('/admin/api-calls', async (request, reply) =>
      run(reply, () => {
        const platform = request.query.platform as PlatformKey
        return reply.send({ platform, apiCallCount: admin.apiCallCount(platform) })
      }),
    )

    routes.get('/admin/grants', async () => admin.listGrants())

    routes.post('/admin/grants/access-token', async (request, reply) =>
      run(reply, () => {
        const body = bodyOf(request)
        return reply.send({ access_token: admin.issueAccessToken(body['grantId'] as string, body['scopes'] as string[]) })
      }),
    )

    routes.post('/admin/dataset-size', async (request, reply) =>
      run(reply, () => {
        const body = bodyOf(request)
        admin.setDatasetSize(body['platform'] as PlatformKey, body['dataset'] as string, body['count'] as number)
        return reply.status(204).send()
      }),
    )

    routes.post('/admin/base-currency', async (request, reply) =>
      run(reply, () => {
        const body = bodyOf(request)
        admin.setBaseCurrency(body['platform'] as PlatformKey, body['currency'] as Currency | null)
        return reply.status(204).send()
      }),
    )

    routes.post('/admin/deleted-records', async (request, reply) =>
      run(reply, () => {
        const body = bodyOf(request)
        admin.deleteRecords(body['platform'] as PlatformKey, body['dataset'] as string, body['indices'] as number[])
        return reply.status(204).send()
      }),
    )

    routes.post('/admin/sales-invoices', async (request, reply) =>
      run(reply, () => {
        const body = bodyOf(request)
        admin.raiseSalesInvoices(body['platform'] as PlatformKey, body['dataset'] as string, body['indices'] as number[])
        return reply.status(204).send()
      }),
    )
  })
}

/** Equal-length digests, so comparing them takes the same time whatever was sent. */
function digestOf(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

/**
 * Whether the request has a JSON body or none. The bodies a page can send another origin without a
 * CORS preflight are form-encoded, multipart, text/plain or untyped: none of them is JSON.
 */
function isJsonOrEmpty(request: FastifyRequest): boolean {
  const contentType = request.headers['content-type']
  if (contentType !== undefined) return contentType.split(';')[0]!.trim().toLowerCase() === 'application/json'
  return request.headers['transfer-encoding'] === undefined && Number(request.headers['content-length'] ?? '0') === 0
}

/**
 * The JSON body as a record (no body is an empty one: every field of `tokens/expire` is optional).
 * The admin checks each field's type itself, so the casts at the call sites only name its parameter types.
 */
function bodyOf(request: FastifyRequest): Record<string, unknown> {
  const body = request.body ?? {}
  if (typeof body !== 'object' || Array.isArray(body)) throw new SandboxAdminError('The body must be a JSON object.')
  return body as Record<string, unknown>
}

function run(reply: FastifyReply, action: () => FastifyReply): FastifyReply {
  try {
    return action()
  } catch (error) {
    if (error instanceof SandboxAdminError) return reply.status(400).send({ error: 'invalid_request', error_description: error.message })
    throw error
  }
}

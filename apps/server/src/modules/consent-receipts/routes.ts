/**
 * @module HTTP for consent receipts: the client's read (`GET …/connections/{id}/consent`, API key)
 * and the public keys at a well-known URL (no key: anyone holding a receipt may verify it).
 */
import { ConnectionParams, ConsentSigningJwks, ErrorMessage, SignedConsentReceipt } from '@linkway/contracts'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { CONSENT_JWKS_PATH, type ConsentReceiptsService } from './service.js'

export function consentReceiptsRoutes(receipts: ConsentReceiptsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/companies/:companyId/connections/:connectionId/consent',
      {
        schema: {
          operationId: 'get-connection-consent',
          tags: ['Connections'],
          summary: 'Get the consent receipt of a connection',
          description:
            "Linkway's extension. What the person saw and agreed to on Link's consent screen before connecting (the latest consent, when they reconnected), signed: `jws` is a compact JWS (EdDSA) whose payload is `receipt` as canonical JSON; verify it with the keys at `jwksUrl` (docs/consent-receipts.md).",
          params: ConnectionParams,
          response: { 200: SignedConsentReceipt, 400: ErrorMessage, 401: ErrorMessage, 404: ErrorMessage },
        },
      },
      async (request) => await receipts.get(request.client, request.params.companyId, request.params.connectionId),
    )
  }
}

/** The JWKS: public, cacheable for a short while (a new key appears at rotation). */
export function consentKeysRoutes(receipts: ConsentReceiptsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(CONSENT_JWKS_PATH, { schema: { hide: true, response: { 200: ConsentSigningJwks } } }, async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300')
      return await receipts.jwks()
    })
  }
}

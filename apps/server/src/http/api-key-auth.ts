/** @module Puts the authenticated client on every request of the scope it is added to. */
import type { FastifyInstance } from 'fastify'
import type { ApiKeysService, AuthenticatedClient } from '../modules/api-keys/index.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The client whose API key signed this request; every query is scoped to it. */
    client: AuthenticatedClient
  }
}

export function requireApiKey(app: FastifyInstance, apiKeys: ApiKeysService): void {
  app.decorateRequest('client', null as unknown as AuthenticatedClient)
  // onRequest runs before the body is read, so an anonymous caller cannot make us parse 1 MiB.
  app.addHook('onRequest', async (request) => {
    request.client = await apiKeys.authenticate(request.headers.authorization)
  })
}

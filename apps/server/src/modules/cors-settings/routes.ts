/** @module HTTP for CORS settings: `GET/POST /corsSettings` and the deprecated `/connectionManagement/corsSettings` pair. */
import { AllowedOrigins, AllowedOriginsRequest, ErrorMessage } from '@linkway/contracts'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { CorsSettingsService } from './service.js'

const tags = ['Settings']
const errors = { 400: ErrorMessage, 401: ErrorMessage }
const SET_DESCRIPTION =
  'Replaces the list of origins (`https://host[:port]`) whose pages may call the Link API from the browser, for embedded Link. Each is stored normalised (lower-case host, no default port); duplicates are collapsed; at most 50. docs/embedded-link.md.'

export function corsSettingsRoutes(cors: CorsSettingsService): FastifyPluginAsyncZod {
  return async (app) => {
    for (const { path, deprecated, getId, setId } of [
      { path: '/corsSettings', deprecated: false, getId: 'get-cors-settings', setId: 'set-cors-settings' },
      // The reference's older paths, answered the same.
      { path: '/connectionManagement/corsSettings', deprecated: true, getId: 'get-connection-management-cors-settings', setId: 'set-connection-management-cors-settings' },
    ]) {
      const old = deprecated ? { deprecated, description: 'Deprecated: use the same operation on `/corsSettings`.' } : {}
      app.get(
        path,
        { schema: { operationId: getId, tags, summary: deprecated ? 'Get CORS settings (old)' : 'Get CORS settings', ...old, response: { 200: AllowedOrigins, 401: ErrorMessage } } },
        async (request) => await cors.get(request.client),
      )
      app.post(
        path,
        {
          schema: {
            operationId: setId,
            tags,
            summary: deprecated ? 'Set CORS settings (old)' : 'Set CORS settings',
            description: SET_DESCRIPTION,
            ...old,
            body: AllowedOriginsRequest,
            response: { 200: AllowedOrigins, ...errors },
          },
        },
        async (request) => await cors.replace(request.client, request.body.allowedOrigins),
      )
    }
  }
}

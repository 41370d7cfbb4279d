/** @module HTTP for the client's profile (reference §8.1). */
import { ErrorMessage, Profile, ProfileRequest } from '@linkway/contracts'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { ProfileService } from './service.js'

const tags = ['Settings']

export function profileRoutes(profile: ProfileService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/profile',
      { schema: { operationId: 'get-profile', tags, summary: 'Get profile', response: { 200: Profile, 401: ErrorMessage } } },
      async (request) => await profile.get(request.client),
    )
    app.put(
      '/profile',
      {
        schema: {
          operationId: 'update-profile',
          tags,
          summary: 'Update profile',
          description:
            '`redirectUrl` is a template: `{companyId}`, `{connectionId}`, `{statusCode}`, `{errorMessage}` and the other reserved placeholders are filled in, any other `{name}` from the Link URL\'s query. A template with a placeholder in its host (as a browser parses it) redirects only to a resolved URL that matches an entry of `whiteListUrls`, and is refused here when no entry can match it.',
          body: ProfileRequest,
          response: { 200: Profile, 400: ErrorMessage, 401: ErrorMessage },
        },
      },
      async (request) => await profile.replace(request.client, request.body),
    )
  }
}

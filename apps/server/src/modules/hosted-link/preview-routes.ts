/**
 * @module HTTP for the preview of Link settings (the Portal's live preview): the view a company's
 * Link would get, for a sample company. Behind the API key (or a Portal session), unlike the rest
 * of hosted Link, whose credential is the company's URL.
 */
import { ErrorMessage, LinkPreviewQuery, LinkPreviewRequest, LinkSessionView } from '@linkway/contracts'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { LinkSettingsService } from '../link-settings/index.js'
import type { HostedLinkService } from './service.js'

const tags = ['Link settings']

export function linkPreviewRoutes(hosted: HostedLinkService, linkSettings: LinkSettingsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/linkSettings/preview',
      {
        // A draft rendered, nothing stored: the Portal's live preview sends one per pause in typing.
        config: { changesNothing: true },
        schema: {
          operationId: 'preview-link-settings',
          tags,
          summary: 'Preview Link settings',
          description:
            'What Link would show with these settings (not saved), in `lang`, for a sample company without connections: the Link component draws it as it draws a company\u2019s session. The same validation as `PUT /linkSettings`, except that an http: logo is shown.',
          body: LinkPreviewRequest,
          response: { 200: LinkSessionView, 400: ErrorMessage, 401: ErrorMessage },
        },
      },
      async (request) => await hosted.preview(request.client.clientId, request.body.settings, request.body.lang),
    )
    // A reading of the saved settings: a Portal viewer may GET but not POST, and still sees the preview.
    app.get(
      '/linkSettings/preview',
      {
        schema: {
          operationId: 'preview-saved-link-settings',
          tags,
          summary: 'Preview the saved Link settings',
          description: 'As `POST /linkSettings/preview`, with the settings saved now.',
          querystring: LinkPreviewQuery,
          response: { 200: LinkSessionView, 400: ErrorMessage, 401: ErrorMessage },
        },
      },
      async (request) => await hosted.preview(request.client.clientId, await linkSettings.get(request.client), request.query.lang),
    )
  }
}

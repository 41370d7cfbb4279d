/** @module HTTP for the client's profile (reference §8.1). */
import { ErrorMessage, Profile, ProfileRequest } from '@linkway/contracts'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AppError } from '../../app-error.js'
import { extensionOf, LOGO_MAX_BYTES } from './logo-image.js'
import { CLIENT_LOGO_PATH, type ProfileService } from './service.js'

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

    // The logo's own scope: its body is the image's bytes, whatever the Content-Type says (the
    // service reads the type from the bytes and refuses a mismatch with a 400, not a 415).
    await app.register(async (logo) => {
      // The app's text/plain parser (empty bodies only) would take a text/plain upload before '*'.
      logo.removeContentTypeParser('text/plain')
      logo.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
      logo.put(
        '/profile/logo',
        {
          schema: {
            operationId: 'upload-profile-logo',
            tags,
            summary: 'Upload your logo',
            description: `Linkway addition. The body is the image itself (not JSON, not multipart), sent with \`Content-Type: image/png\`, \`image/jpeg\` or \`image/svg+xml\`, at most ${LOGO_MAX_BYTES / 1024} KB. The type is read from the bytes and must match. An SVG is rebuilt without scripts, event handlers, external references or foreignObject, or refused when it cannot be made safe. Linkway serves the logo itself at a public URL carrying its content hash, and sets \`logoUrl\` to it; the answer is your profile.`,
            response: { 200: Profile, 400: ErrorMessage, 401: ErrorMessage },
          },
        },
        // A JSON body (parsed by the app's own parser) is no image: its Content-Type is refused.
        async (request) => await profile.uploadLogo(request.client, Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0), request.headers['content-type'] ?? ''),
      )
    })

    app.delete(
      '/profile/logo',
      {
        schema: {
          operationId: 'delete-profile-logo',
          tags,
          summary: 'Remove your uploaded logo',
          description: 'Linkway addition. Its URL stops answering; `logoUrl` is cleared if it still pointed at it.',
          response: { 204: z.null().meta({ description: 'Removed (or there was none).' }), 401: ErrorMessage },
        },
      },
      async (request, reply) => {
        await profile.deleteLogo(request.client)
        return await reply.code(204).send(null)
      },
    )
  }
}

const LOGO_FILE = /^([0-9a-f]{64})\.(png|jpg|svg)$/

/** Uploaded logos: public (a Link page shows them to anyone), immutable (the URL names the content). */
export function clientLogoAssetsRoutes(profile: ProfileService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(`${CLIENT_LOGO_PATH}/:file`, { schema: { hide: true, params: z.object({ file: z.string().max(80) }) } }, async (request, reply) => {
      const notFound = () => new AppError('route_not_found', { method: 'GET', path: request.url.split('?')[0]! })
      const match = LOGO_FILE.exec(request.params.file)
      if (!match) throw notFound()
      const logo = await profile.findLogo(match[1]!)
      if (!logo || extensionOf(logo.contentType) !== match[2]) throw notFound()
      return await reply
        .header('content-type', logo.contentType)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        // Opened on its own (not as an <img>), an SVG must run and fetch nothing.
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(logo.content)
    })
  }
}

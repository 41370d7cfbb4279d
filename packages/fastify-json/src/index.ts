/**
 * @module JSON bodies as Linkway's HTTP servers (the API and the sandbox platforms) read them:
 * Fastify's own parser, except that an empty body is no body and a body that is not UTF-8 is a 400.
 */
import { isUtf8 } from 'node:buffer'
import type { FastifyInstance } from 'fastify'

/** The `code` of the 400 a body that is not UTF-8 fails with (a server's error handler maps it to its own wording). */
export const BODY_NOT_UTF8 = 'LINKWAY_BODY_NOT_UTF8'

/**
 * Clients send `Content-Type: application/json` with an empty body when an optional body is left
 * out (the reference SDKs creating an API key without a name, a revocation helper that always
 * sets the header). An empty body is "no body"; the route's schema then decides whether that is
 * allowed. Anything else goes to Fastify's default parser, prototype-poisoning checks included.
 *
 * @example
 * const app = Fastify({ onProtoPoisoning: 'error' })
 * acceptEmptyJsonBodies(app)
 */
export function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer
    // JSON between systems is UTF-8 (RFC 8259). Read as a string, other bytes (a body sent in
    // ISO-8859-1) would become U+FFFD and be stored so, with no error: "Café" saved as "Caf�".
    if (!isUtf8(bytes)) return done(Object.assign(new Error('The body is not valid UTF-8.'), { statusCode: 400, code: BODY_NOT_UTF8 }), undefined)
    const text = bytes.toString('utf8')
    if (text.trim().length === 0) return done(null, undefined)
    parseJson(request, text, done)
  })
}

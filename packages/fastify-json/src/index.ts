/**
 * @module JSON bodies as Linkway's HTTP servers (the API and the sandbox platforms) read them:
 * Fastify's own parser, except that an empty body is no body.
 */
import type { FastifyInstance } from 'fastify'

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
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string
    if (text.trim().length === 0) return done(null, undefined)
    parseJson(request, text, done)
  })
}

/**
 * @module CORS for `/sdk/*`, the embeddable component's script and assets: any page may load them
 * (a module script is always fetched in CORS mode), read-only. They carry nothing secret and send
 * no cookies, so `*` without credentials is right. The routes themselves are registered elsewhere;
 * this only adds the headers to what they answer, and answers their preflights.
 */
import type { FastifyInstance } from 'fastify'

export const SDK_PATH_PREFIX = '/sdk/'

export function registerSdkCors(app: FastifyInstance): void {
  // A callback hook: it runs on every request and has nothing to wait for.
  app.addHook('onRequest', (request, reply, done) => {
    if ((request.method === 'GET' || request.method === 'HEAD') && request.url.startsWith(SDK_PATH_PREFIX)) reply.header('access-control-allow-origin', '*')
    done()
  })
  app.options(`${SDK_PATH_PREFIX}*`, { schema: { hide: true } }, async (_request, reply) =>
    await reply.code(204).headers({ 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET', 'access-control-max-age': '600' }).send(),
  )
}

/**
 * @module The Portal's pages (packages/portal-ui, built to its dist-bundle/): `/` sends a person to
 * `/portal`; every `/portal/…` page is the same shell, which loads the Portal's entry script (named
 * in the build's manifest) and lets its router draw the page; `/portal/assets/{file}` serves the
 * content-hashed scripts as immutable. The shell runs no inline script, may not be framed, and
 * sends no Referer (a setup or invitation link carries its token only in the fragment anyway).
 */
import { readFile } from 'node:fs/promises'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { z } from 'zod'

interface PortalManifest {
  /** The entry script's file name, e.g. `portal.2BRH6DKH.js`. */
  entry: string
  /** Every file the build wrote. */
  files: string[]
}

const FILE_NAME = /^[a-z][a-z0-9-]*\.[A-Z0-9]{8}\.js$/

export const PORTAL_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
} as const

export function renderPortalShell(entryFile: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Linkway Portal</title><link rel="icon" href="data:,">
</head><body><div id="portal"></div>
<script type="module" src="/portal/assets/${entryFile}"></script>
<noscript>The Portal needs JavaScript. Please turn it on and reload this page.</noscript>
</body></html>`
}

export function portalPageRoutes(options: { bundleDir: string }): FastifyPluginAsync {
  return async (app) => {
    // Read once per process: a new build comes with a restart (`npm start` builds first).
    let manifest: PortalManifest | undefined
    const currentManifest = async (): Promise<PortalManifest | undefined> => {
      if (manifest) return manifest
      try {
        manifest = JSON.parse(await readFile(`${options.bundleDir}/manifest.json`, 'utf8')) as PortalManifest
      } catch {
        return undefined
      }
      return manifest
    }
    const files = new Map<string, Buffer>()
    const notBuilt = (reply: FastifyReply) => reply.code(503).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send('The Portal is not built; run npm run build (npm start builds it).')

    app.get('/', { schema: { hide: true } }, async (_request, reply) => await reply.header('cache-control', 'no-store').redirect('/portal', 302))

    const shell = async (reply: FastifyReply) => {
      const current = await currentManifest()
      if (!current) return await notBuilt(reply)
      return await reply.headers(PORTAL_PAGE_HEADERS).send(renderPortalShell(current.entry))
    }
    app.get('/portal', { schema: { hide: true } }, async (_request, reply) => await shell(reply))
    app.get('/portal/*', { schema: { hide: true } }, async (request, reply) => {
      // The Portal's API and its files have routes of their own: what reaches here under them does not exist.
      const path = request.url.split('?')[0] ?? ''
      if (/^\/portal\/(api|assets)(\/|$)/.test(path)) return reply.callNotFound()
      return await shell(reply)
    })

    app.get('/portal/assets/:file', { schema: { hide: true } }, async (request, reply) => {
      const { file } = z.object({ file: z.string() }).parse(request.params)
      const current = await currentManifest()
      if (!current) return await notBuilt(reply)
      if (!FILE_NAME.test(file) || !current.files.includes(file)) return await reply.code(404).type('text/plain; charset=utf-8').header('x-content-type-options', 'nosniff').send('No such file of the Portal.')
      let body = files.get(file)
      if (!body) {
        body = await readFile(`${options.bundleDir}/${file}`)
        files.set(file, body)
      }
      return await reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').header('x-content-type-options', 'nosniff').send(body)
    })
  }
}

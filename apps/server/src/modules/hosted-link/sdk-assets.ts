/**
 * @module Embedded Link's files (packages/link-ui/src/sdk-entry.ts and connections-entry.ts, built
 * to dist-bundle/sdk/): `/sdk/link.js` and `/sdk/connections.js` (the connection management
 * component) redirect to the current version's file, which is served as immutable (its name is
 * its content hash), with the shared, language and on-demand chunks beside it. Any site may import
 * them (CORS `*`): they hold no data; what the component may do is decided by the Link API.
 */
import { readFile } from 'node:fs/promises'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { z } from 'zod'

/** The components a page imports by a stable name, each the key of its entry in the manifest. */
const SDK_ENTRIES = ['link', 'connections'] as const

interface SdkManifest extends Partial<Record<(typeof SDK_ENTRIES)[number], string>> {
  /** Every entry's file name, e.g. `link: 'link.UYTO2SKC.js'`, and every file the build wrote. */
  files: string[]
}

const FILE_NAME = /^[a-z][a-z-]*\.[A-Z0-9]{8}\.js$/

export function embeddedLinkAssetRoutes(options: { sdkDir: string }): FastifyPluginAsync {
  return async (app) => {
    // Read once per process: a new build comes with a restart (`npm start` builds first).
    let manifest: SdkManifest | undefined
    const currentManifest = async (): Promise<SdkManifest | undefined> => {
      if (manifest) return manifest
      try {
        const parsed = JSON.parse(await readFile(`${options.sdkDir}/manifest.json`, 'utf8')) as SdkManifest
        manifest = parsed
      } catch {
        return undefined
      }
      return manifest
    }
    const files = new Map<string, Buffer>()
    const notBuilt = (reply: FastifyReply) => reply.code(503).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send('Embedded Link is not built; run npm run build.')
    const crossSite = (reply: FastifyReply) => reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin').header('x-content-type-options', 'nosniff')

    for (const entry of SDK_ENTRIES) {
      app.get(`/sdk/${entry}.js`, { schema: { hide: true } }, async (_request, reply) => {
        const current = await currentManifest()
        const file = current?.[entry]
        if (!file) return await notBuilt(crossSite(reply))
        // Not cached: a new release is picked up by the next import, while its file is cached for good.
        return await crossSite(reply).header('cache-control', 'no-cache').redirect(`/sdk/${file}`, 302)
      })
    }

    app.get('/sdk/:file', { schema: { hide: true } }, async (request, reply) => {
      const { file } = z.object({ file: z.string() }).parse(request.params)
      const current = await currentManifest()
      if (!current) return await notBuilt(crossSite(reply))
      if (!FILE_NAME.test(file) || !current.files.includes(file)) {
        return await crossSite(reply).code(404).type('text/plain; charset=utf-8').send('No such file of Embedded Link.')
      }
      let body = files.get(file)
      if (!body) {
        body = await readFile(`${options.sdkDir}/${file}`)
        files.set(file, body)
      }
      return await crossSite(reply).header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(body)
    })
  }
}

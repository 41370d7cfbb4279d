import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { embeddedLinkAssetRoutes } from './sdk-assets.js'

/** A tiny app with only these routes, over a build folder written here (the real build is the browser tests'). */
async function appOver(files: Record<string, string>): Promise<{ app: FastifyInstance; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'linkway-sdk-'))
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body)
  const app = Fastify()
  await app.register(embeddedLinkAssetRoutes({ sdkDir: dir }))
  return { app, dir }
}

describe('the SDK files', () => {
  let built: { app: FastifyInstance; dir: string }
  beforeAll(async () => {
    built = await appOver({
      'manifest.json': JSON.stringify({ link: 'link.AAAAAAAA.js', connections: 'connections.BBBBBBBB.js', files: ['chunk.CCCCCCCC.js', 'connections.BBBBBBBB.js', 'link.AAAAAAAA.js'] }),
      'link.AAAAAAAA.js': 'export class CodatLink {}',
      'connections.BBBBBBBB.js': 'export class CodatConnections {}',
      'chunk.CCCCCCCC.js': 'export {}',
    })
  })
  afterAll(async () => {
    await built.app.close()
    rmSync(built.dir, { recursive: true, force: true })
  })

  it('redirects /sdk/link.js and /sdk/connections.js to their current versions, uncached, to any origin', async () => {
    for (const [stable, versioned] of [
      ['link', 'link.AAAAAAAA.js'],
      ['connections', 'connections.BBBBBBBB.js'],
    ]) {
      const res = await built.app.inject({ method: 'GET', url: `/sdk/${stable}.js` })
      expect(res.statusCode).toBe(302)
      expect(res.headers).toMatchObject({ location: `/sdk/${versioned}`, 'cache-control': 'no-cache', 'access-control-allow-origin': '*' })
    }
  })

  it('serves the versioned file as immutable JavaScript', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/sdk/connections.BBBBBBBB.js' })
    expect(res.statusCode).toBe(200)
    expect(res.body).toBe('export class CodatConnections {}')
    expect(res.headers).toMatchObject({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' })
    expect((await built.app.inject({ method: 'GET', url: '/sdk/connections.ZZZZZZZZ.js' })).statusCode).toBe(404)
  })

  it('answers 503 for an entry an older build did not make, and for no build at all', async () => {
    const older = await appOver({ 'manifest.json': JSON.stringify({ link: 'link.AAAAAAAA.js', files: ['link.AAAAAAAA.js'] }) })
    const missing = await older.app.inject({ method: 'GET', url: '/sdk/connections.js' })
    expect(missing.statusCode).toBe(503)
    expect(missing.body).toBe('Embedded Link is not built; run npm run build.')
    expect((await older.app.inject({ method: 'GET', url: '/sdk/link.js' })).statusCode).toBe(302)
    const none = await appOver({})
    expect((await none.app.inject({ method: 'GET', url: '/sdk/connections.js' })).statusCode).toBe(503)
    for (const { app, dir } of [older, none]) {
      await app.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

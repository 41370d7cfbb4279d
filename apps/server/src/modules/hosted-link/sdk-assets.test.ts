import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
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

describe('Embedded Link’s files at /sdk', () => {
  let dir: string
  let built: FastifyInstance
  let unbuilt: FastifyInstance

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linkway-sdk-'))
    mkdirSync(join(dir, 'sdk'))
    writeFileSync(join(dir, 'sdk', 'link.AB12CD34.js'), 'export class CodatLink {}')
    writeFileSync(join(dir, 'sdk', 'de.EF56GH78.js'), 'export const de = {}')
    writeFileSync(join(dir, 'sdk', 'stale.ZZ99ZZ99.js'), 'old')
    writeFileSync(join(dir, 'sdk', 'manifest.json'), JSON.stringify({ link: 'link.AB12CD34.js', files: ['de.EF56GH78.js', 'link.AB12CD34.js'] }))
    built = Fastify()
    await built.register(embeddedLinkAssetRoutes({ sdkDir: join(dir, 'sdk') }))
    unbuilt = Fastify()
    await unbuilt.register(embeddedLinkAssetRoutes({ sdkDir: join(dir, 'missing') }))
  })
  afterAll(async () => {
    await built.close()
    await unbuilt.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('/sdk/link.js redirects, uncached, to the current version, which any site may import and cache for good', async () => {
    const short = await built.inject({ method: 'GET', url: '/sdk/link.js' })
    expect(short.statusCode).toBe(302)
    expect(short.headers.location).toBe('/sdk/link.AB12CD34.js')
    expect(short.headers['cache-control']).toBe('no-cache')
    expect(short.headers['access-control-allow-origin']).toBe('*')
    const versioned = await built.inject({ method: 'GET', url: '/sdk/link.AB12CD34.js' })
    expect(versioned.statusCode).toBe(200)
    expect(versioned.body).toBe('export class CodatLink {}')
    expect(versioned.headers).toMatchObject({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable', 'access-control-allow-origin': '*', 'x-content-type-options': 'nosniff' })
    expect((await built.inject({ method: 'GET', url: '/sdk/de.EF56GH78.js' })).statusCode).toBe(200)
  })

  it('serves only the files the manifest names: no stale version, no path outside the folder', async () => {
    for (const url of ['/sdk/stale.ZZ99ZZ99.js', '/sdk/manifest.json', '/sdk/..%2F..%2Fetc%2Fpasswd', '/sdk/link.ab12cd34.js', '/sdk/%00.js']) {
      expect((await built.inject({ method: 'GET', url })).statusCode, url).toBe(404)
    }
  })

  it('says the component is not built, rather than failing, when it is not', async () => {
    const answer = await unbuilt.inject({ method: 'GET', url: '/sdk/link.js' })
    expect(answer.statusCode).toBe(503)
    expect(answer.body).toMatch(/npm run build/)
  })
})

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { embeddedLinkAssetRoutes } from './sdk-assets.js'

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

/**
 * The Portal's pages as the server serves them: `/` leads to the Portal, every page is the same
 * shell (no inline script, never framed, never cached), the scripts are the build's own files
 * only, and the Portal's API paths that do not exist stay JSON 404s instead of becoming a page.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../testing/test-app.js'
import { portalPageRoutes } from './routes.js'
import Fastify from 'fastify'

describe('the Portal pages', () => {
  let t: TestApp
  let bundleDir: string

  beforeAll(async () => {
    bundleDir = mkdtempSync(join(tmpdir(), 'linkway-portal-'))
    writeFileSync(join(bundleDir, 'manifest.json'), JSON.stringify({ entry: 'portal.ABCD1234.js', files: ['portal.ABCD1234.js', 'companies.EFGH5678.js'] }))
    writeFileSync(join(bundleDir, 'portal.ABCD1234.js'), 'console.log("portal")')
    writeFileSync(join(bundleDir, 'companies.EFGH5678.js'), 'export default 1')
    writeFileSync(join(bundleDir, 'secret.txt'), 'not a Portal file')
    t = await createTestApp('pglite', { portalBundleDir: bundleDir })
  })
  afterAll(async () => {
    await t?.close()
    rmSync(bundleDir, { recursive: true, force: true })
  })

  it('sends / to the Portal', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/' })
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/portal')
  })

  it.each(['/portal', '/portal/companies', '/portal/companies/5e0a2b5c-1f3b-4f61-9d1e-3f0c1b2a4d5e?tab=data', '/portal/login?next=%2Fportal%2Faudit', '/portal/setup'])('answers %s with the shell that loads the current build', async (url) => {
    const response = await t.app.inject({ method: 'GET', url })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(response.body).toContain('<script type="module" src="/portal/assets/portal.ABCD1234.js"></script>')
    // No inline script may run, the page may not be framed, nothing is cached or sent as Referer.
    expect(response.headers['content-security-policy']).toContain("script-src 'self';")
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(response.headers['x-frame-options']).toBe('DENY')
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.headers['referrer-policy']).toBe('no-referrer')
    expect(response.body).not.toMatch(/<script>(?!<\/script>)/)
  })

  it('serves the build’s files as immutable, and nothing else from its folder', async () => {
    const entry = await t.app.inject({ method: 'GET', url: '/portal/assets/portal.ABCD1234.js' })
    expect(entry.statusCode).toBe(200)
    expect(entry.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(entry.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(entry.body).toBe('console.log("portal")')
    for (const url of ['/portal/assets/secret.txt', '/portal/assets/manifest.json', '/portal/assets/..%2Fmanifest.json', '/portal/assets/other.ABCD1234.js', '/portal/assets/portal.ABCD1234.js%00']) {
      const response = await t.app.inject({ method: 'GET', url })
      expect([400, 404], url).toContain(response.statusCode)
      expect(response.body, url).not.toContain('not a Portal file')
    }
  })

  it('keeps the Portal API’s unknown paths JSON 404s, not pages', async () => {
    for (const url of ['/portal/api/nothing-here', '/portal/api', '/portal/assets']) {
      const response = await t.app.inject({ method: 'GET', url })
      expect(response.statusCode, url).toBe(404)
      expect(response.headers['content-type'], url).toContain('application/json')
      expect(response.json().statusCode, url).toBe(404)
    }
  })

  it('says the Portal is not built when it is not, instead of a broken page', async () => {
    const app = Fastify()
    await app.register(portalPageRoutes({ bundleDir: join(bundleDir, 'missing') }))
    const response = await app.inject({ method: 'GET', url: '/portal/companies' })
    expect(response.statusCode).toBe(503)
    expect(response.body).toContain('npm run build')
    await app.close()
  })
})

/**
 * The hosted page's own answers when the service under it fails: a company that does not exist is
 * the page's "Link not found"; anything else (the database away mid-request) is the error it is,
 * in the wire error body, never dressed up as a dead link.
 */
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../app-error.js'
import { registerErrorHandling } from '../../http/error-handler.js'
import { systemRandom } from '../../app-deps.js'
import { TEST_SECRETS } from '../../testing/test-app.js'
import { createLinkPageTokens } from './link-page-tokens.js'
import { hostedLinkPageRoutes } from './routes.js'
import type { HostedLinkService } from './service.js'

const COMPANY_ID = '3f0c2b8e-5d1a-4c7e-9b6f-2a8d4e1c7b90'

async function pageApp(session: HostedLinkService['session']) {
  const hosted = { access: async () => ({ isAllowed: true }), session } as unknown as HostedLinkService
  const app = Fastify()
  registerErrorHandling(app)
  const clock = { now: () => new Date() }
  const pageTokens = createLinkPageTokens({ secrets: TEST_SECRETS, clock, random: systemRandom })
  await app.register(hostedLinkPageRoutes(hosted, { publicUrl: 'http://linkway.test', pageTokens, bundlePath: '/nonexistent', rateLimits: { countInvite: async () => ({ isAllowed: true, retryAfterSeconds: 60 }) } }))
  return app
}

describe('the hosted Link page when its session cannot be read', () => {
  it('answers 503 in the wire error body when the database connection drops', async () => {
    const app = await pageApp(async () => {
      throw Object.assign(new Error('Connection terminated unexpectedly'), { code: '57P01' })
    })
    const res = await app.inject({ method: 'GET', url: `/link/company/${COMPANY_ID}` })
    expect(res.statusCode).toBe(503)
    expect(res.json()).toMatchObject({ statusCode: 503, service: 'PublicApi', error: 'The service is temporarily unavailable; please retry later.' })
  })

  it('answers its "Link not found" page for a company that does not exist', async () => {
    const app = await pageApp(async () => {
      throw new AppError('company_not_found', { companyId: COMPANY_ID })
    })
    const res = await app.inject({ method: 'GET', url: `/link/company/${COMPANY_ID}` })
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toContain('text/html')
    expect(res.body).toContain('Link not found')
  })

  it('answers its "Link not found" page for an id that is not a GUID, without asking the service', async () => {
    const app = await pageApp(async () => {
      throw new Error('the service must not be asked')
    })
    const res = await app.inject({ method: 'GET', url: '/link/company/not-a-guid' })
    expect(res.statusCode).toBe(404)
    expect(res.body).toContain('Link not found')
  })
})

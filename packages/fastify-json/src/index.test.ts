import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { acceptEmptyJsonBodies } from './index.js'

async function echoApp() {
  const app = Fastify()
  acceptEmptyJsonBodies(app)
  app.post('/echo', async (request) => ({ body: request.body ?? 'none' }))
  return app
}

describe('acceptEmptyJsonBodies', () => {
  it('reads an empty or blank JSON body as no body', async () => {
    const app = await echoApp()
    for (const payload of ['', '  \n']) {
      const response = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload })
      expect(response.statusCode).toBe(200)
      expect(response.json()).toEqual({ body: 'none' })
    }
  })

  it('parses a JSON body as Fastify does', async () => {
    const app = await echoApp()
    const response = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"name":"Toft"}' })
    expect(response.json()).toEqual({ body: { name: 'Toft' } })
  })

  it('still refuses malformed JSON and prototype poisoning', async () => {
    const app = await echoApp()
    const malformed = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"name":' })
    expect(malformed.statusCode).toBe(400)
    const poisoned = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"__proto__":{"isAdmin":true}}' })
    expect(poisoned.statusCode).toBe(400)
  })
})

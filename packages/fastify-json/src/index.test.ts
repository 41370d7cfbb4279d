import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { BODY_NOT_UTF8, acceptEmptyJsonBodies } from './index.js'

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

  it('refuses a body that is not UTF-8 rather than reading its bytes as replacement characters', async () => {
    const app = await echoApp()
    // "Café" in ISO-8859-1: é is the lone byte 0xE9.
    const latin1 = Buffer.from('{"name":"Caf\u00e9"}', 'latin1')
    const response = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json; charset=iso-8859-1' }, payload: latin1 })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ code: BODY_NOT_UTF8, message: 'The body is not valid UTF-8.' })
    const utf8 = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: Buffer.from('\ufeff{"name":"Caf\u00e9"}', 'utf8') })
    expect(utf8.json()).toEqual({ body: { name: 'Café' } })
  })

  it('still refuses malformed JSON and prototype poisoning', async () => {
    const app = await echoApp()
    const malformed = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"name":' })
    expect(malformed.statusCode).toBe(400)
    const poisoned = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"__proto__":{"isAdmin":true}}' })
    expect(poisoned.statusCode).toBe(400)
  })
})

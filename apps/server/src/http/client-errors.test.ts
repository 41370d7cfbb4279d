/**
 * What Node's HTTP parser refuses, answered by `answerClientError` on a bare Fastify app (no
 * database): the answer is never written into another answer still being sent on the connection.
 */
import { connect, type AddressInfo } from 'node:net'
import { PassThrough } from 'node:stream'
import Fastify from 'fastify'
import { afterAll, expect, it } from 'vitest'
import { answerClientError } from './error-handler.js'

const app = Fastify({ clientErrorHandler: answerClientError(() => '00000000-0000-4000-8000-000000000000') })
let finishStream: (() => void) | undefined
app.get('/stream', (_request, reply) => {
  const body = new PassThrough()
  body.write('first part\n')
  finishStream = () => body.end('last part\n')
  return reply.send(body)
})
afterAll(async () => {
  finishStream?.()
  await app.close()
})

it('closes, without writing into it, a connection whose earlier answer is still being sent when a malformed request follows on it', async () => {
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  const received = await new Promise<string>((resolve, reject) => {
    let text = ''
    const socket = connect(port, '127.0.0.1', () => socket.write('GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'))
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      const isFirstPart = !text.includes('first part') && (text + chunk).includes('first part')
      text += chunk
      // The streamed answer's headers and first part are out: now a request that is not HTTP.
      if (isFirstPart) socket.write('NOT HTTP AT ALL\r\n\r\n')
    })
    socket.on('error', reject).on('close', () => resolve(text))
  })
  expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
  expect(received).toContain('first part')
  // One status line: the 400 was not spliced into the chunked body of the 200.
  expect(received.match(/HTTP\/1\.1 \d{3}/g)).toHaveLength(1)
})

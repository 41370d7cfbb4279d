import { request as httpRequest } from 'node:http'
import { testedBackends } from '@linkway/test-kit'
import { unzipSync, strFromU8 } from 'fflate'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { codatSchemaValidator } from '../../testing/codat-oas-validator.js'
import { createTestApp, TEST_PUBLIC_URL, type TestApp, type TestClient } from '../../testing/test-app.js'

const validate = codatSchemaValidator('Codat-Files.json')

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)])
const CSV = Buffer.from('account,debit,credit\nSales,,1200.00\nBank,1200.00,\n')
/** The limits these tests run with: small, so "too large" needs no 10 MB body. */
const MAX_BYTES = 4096
const MAX_PER_DAY = 6

interface Part {
  name?: string
  fileName?: string
  content: Buffer | string
  contentType?: string
}

/** A multipart/form-data body written by hand, so a test can send what a browser's FormData would refuse to. */
function multipart(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = 'linkway-test-boundary-7MA4YWxkTrZu0gW'
  const chunks: Buffer[] = []
  for (const part of parts) {
    const disposition = `form-data; name="${part.name ?? 'file'}"${part.fileName !== undefined ? `; filename="${part.fileName}"` : ''}`
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`, 'utf8'))
    chunks.push(Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content))
    chunks.push(Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}

describe.each(testedBackends())('files on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  let other: TestClient
  let companyId: string
  let connectionId: string

  const api = (who: TestClient, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) })

  /** What the company's hosted page gives its browser: the token in its configuration, and its cookie. */
  async function pageCredentials(id: string): Promise<{ token: string; cookie: string }> {
    const res = await t.app.inject({ method: 'GET', url: `/link/company/${id}` })
    const config = JSON.parse(/<script type="application\/json" id="linkway-link-config">(.*?)<\/script>/s.exec(res.body)![1]!)
    const setCookie = [res.headers['set-cookie'] ?? []].flat().find((cookie) => String(cookie).startsWith('linkway_link_page='))
    return { token: config.linkToken, cookie: String(setCookie).split(';')[0]! }
  }

  /** An upload as hosted Link's page sends it: its token and cookie, from this origin. */
  async function linkUpload(id: string, category: string, parts: Part[], headers: Record<string, string> = {}) {
    const { token, cookie } = await pageCredentials(id)
    const body = multipart(parts)
    return await t.app.inject({
      method: 'POST',
      url: `/link/api/companies/${id}/files?category=${category}`,
      headers: { 'x-link-token': token, cookie, origin: TEST_PUBLIC_URL, 'sec-fetch-site': 'same-origin', 'content-type': body.contentType, ...headers },
      payload: body.payload,
    })
  }

  async function newCompany(who: TestClient, name: string): Promise<string> {
    return (await api(who, 'POST', '/companies', { name })).json().id
  }

  async function enableUpload(who: TestClient) {
    const settings = (await api(who, 'GET', '/linkSettings')).json()
    settings.categories.accounting.enableFileUpload = true
    settings.categories.businessDocuments.enabled = true
    expect((await api(who, 'PUT', '/linkSettings', settings)).statusCode).toBe(200)
  }

  beforeAll(async () => {
    t = await createTestApp(backend, { fileUploads: { maxBytes: MAX_BYTES, maxPerCompanyPerDay: MAX_PER_DAY } })
    client = await t.createClient('Acme Lending')
    other = await t.createClient('Other Lender')
    companyId = await newCompany(client, 'Baeckerei Mueller')
    connectionId = (await api(client, 'POST', `/companies/${companyId}/connections`, { platformKey: 'mqjo' })).json().id
    await enableUpload(client)
    await api(client, 'POST', '/webhooks', { url: 'http://127.0.0.1:9/hook', eventTypes: ['files.uploaded'] })
  })
  afterAll(async () => {
    await t?.close()
  })

  it('takes a file from hosted Link, keeps its Unicode name, lists it in the reference’s shape and tells the client', async () => {
    const fileName = 'Bilanz 2025 – Müller 株式会社.pdf'
    const res = await linkUpload(companyId, 'accounting', [{ fileName, content: PDF, contentType: 'application/pdf' }])
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ fileName, displayName: fileName, sourceType: 'Accounting', uploaded: '2026-01-01T00:00:00.000Z', sizeBytes: PDF.length })

    // The page's session says the category has files, so a reload still counts it as done.
    const session = (await t.app.inject({ method: 'GET', url: `/link/api/companies/${companyId}/session` })).json()
    expect(session.fileUpload).toEqual({ maxBytes: MAX_BYTES, maxPerCompanyPerDay: MAX_PER_DAY, types: expect.arrayContaining(['pdf', 'csv']), filesSentFor: ['accounting'] })

    const list = await api(client, 'GET', `/companies/${companyId}/files`)
    expect(list.statusCode).toBe(200)
    expect(validate('Files', list.json())).toEqual([])
    expect(list.json()).toEqual([{ fileName, displayName: fileName, sourceType: 'Accounting', uploaded: '2026-01-01T00:00:00.000Z' }])

    const events = await sql<{ payload: { referenceCompany: { id: string }; category: string; file: { fileName: string } } }>`
      select payload from webhook_events where client_id = ${client.clientId} and event_type = 'files.uploaded'`.execute(t.database.db)
    expect(events.rows.map((row) => row.payload)).toEqual([
      expect.objectContaining({ referenceCompany: expect.objectContaining({ id: companyId, name: 'Baeckerei Mueller' }), category: 'accounting', file: expect.objectContaining({ fileName }) }),
    ])
  })

  it('uploads through the Files API for a connection, and downloads every file, or one day’s, as a ZIP', async () => {
    t.clock.advance(24 * 60 * 60 * 1000)
    const body = multipart([
      { fileName: 'trial balance.csv', content: CSV, contentType: 'text/csv' },
      { fileName: 'logo.png', content: PNG, contentType: 'image/png' },
    ])
    const upload = await t.app.inject({ method: 'POST', url: `/companies/${companyId}/connections/${connectionId}/files`, headers: { ...client.headers, 'content-type': body.contentType }, payload: body.payload })
    expect(upload.statusCode).toBe(200)
    const list = (await api(client, 'GET', `/companies/${companyId}/files`)).json()
    expect(validate('Files', list)).toEqual([])
    expect(list.map((file: { fileName: string; sourceType: string }) => [file.fileName, file.sourceType])).toEqual([
      ['Bilanz 2025 – Müller 株式会社.pdf', 'Accounting'],
      ['trial balance.csv', 'Accounting'],
      ['logo.png', 'Accounting'],
    ])

    const all = await api(client, 'GET', `/companies/${companyId}/files/download`)
    expect(all.statusCode).toBe(200)
    expect(all.headers['content-type']).toBe('application/octet-stream')
    expect(all.headers['content-disposition']).toBe(`attachment; filename="Baeckerei Mueller files.zip"; filename*=UTF-8''Baeckerei%20Mueller%20files.zip`)
    const archive = unzipSync(new Uint8Array(all.rawPayload))
    expect(Object.keys(archive)).toEqual(['Bilanz 2025 – Müller 株式会社.pdf', 'trial balance.csv', 'logo.png'])
    expect(Buffer.from(archive['Bilanz 2025 – Müller 株式会社.pdf']!)).toEqual(PDF)
    expect(strFromU8(archive['trial balance.csv']!)).toBe(CSV.toString())

    const oneDay = await api(client, 'GET', `/companies/${companyId}/files/download?date=2026-01-02T00:00:00Z`)
    expect(Object.keys(unzipSync(new Uint8Array(oneDay.rawPayload)))).toEqual(['trial balance.csv', 'logo.png'])
    const badDate = await api(client, 'GET', `/companies/${companyId}/files/download?date=2026-02-30`)
    expect(badDate.statusCode).toBe(400)
    expect(badDate.json()).toMatchObject({ statusCode: 400, error: expect.stringContaining('real calendar date') })

    // A date and time counts by its UTC day: 20:00 in New York on 1 January is 2 January in UTC.
    const withOffset = await api(client, 'GET', `/companies/${companyId}/files/download?date=${encodeURIComponent('2026-01-01T20:00:00-05:00')}`)
    expect(withOffset.statusCode).toBe(200)
    expect(Object.keys(unzipSync(new Uint8Array(withOffset.rawPayload)))).toEqual(['trial balance.csv', 'logo.png'])
    const compactOffset = await api(client, 'GET', `/companies/${companyId}/files/download?date=${encodeURIComponent('2026-01-01T20:00:00-0500')}`)
    expect(Object.keys(unzipSync(new Uint8Array(compactOffset.rawPayload)))).toEqual(['trial balance.csv', 'logo.png'])
    // A time without its seconds, with an offset or without.
    for (const date of ['2026-01-01T20:00-05:00', '2026-01-02T10:00Z', '2026-01-02T10:00']) {
      const noSeconds = await api(client, 'GET', `/companies/${companyId}/files/download?date=${encodeURIComponent(date)}`)
      expect(noSeconds.statusCode, date).toBe(200)
      expect(Object.keys(unzipSync(new Uint8Array(noSeconds.rawPayload))), date).toEqual(['trial balance.csv', 'logo.png'])
    }
    // The last day a date can name holds no file, and is not an error.
    const lastDay = await api(client, 'GET', `/companies/${companyId}/files/download?date=9999-12-31`)
    expect(lastDay.statusCode).toBe(200)
    expect(Object.keys(unzipSync(new Uint8Array(lastDay.rawPayload)))).toEqual([])
    for (const date of ['2026-01-02T99:99:99Z', '2026-02-30T10:00:00Z', '0000-01-01', '2026-01-02T00:00:00+99:00']) {
      const refused = await api(client, 'GET', `/companies/${companyId}/files/download?date=${encodeURIComponent(date)}`)
      expect(refused.statusCode, date).toBe(400)
      expect(refused.json().validation.errors, date).toEqual([expect.objectContaining({ itemId: 'date' })])
    }
  })

  it('answers another client’s company and connection with 404, and names no file', async () => {
    for (const url of [`/companies/${companyId}/files`, `/companies/${companyId}/files/download`]) {
      const res = await api(other, 'GET', url)
      expect(res.statusCode).toBe(404)
      expect(res.json()).toMatchObject({ statusCode: 404, error: `No company was found with ID ${companyId}` })
    }
    const body = multipart([{ fileName: 'x.pdf', content: PDF }])
    const upload = await t.app.inject({ method: 'POST', url: `/companies/${companyId}/connections/${connectionId}/files`, headers: { ...other.headers, 'content-type': body.contentType }, payload: body.payload })
    expect(upload.statusCode).toBe(404)
    const otherCompany = await newCompany(other, 'Other Co')
    const wrongConnection = await t.app.inject({ method: 'POST', url: `/companies/${otherCompany}/connections/${connectionId}/files`, headers: { ...other.headers, 'content-type': body.contentType }, payload: body.payload })
    expect(wrongConnection.statusCode).toBe(404)
    expect(wrongConnection.json()).toMatchObject({ error: `No connection was found with ID ${connectionId}` })
  })

  it.each([
    ['no file part', [{ name: 'note', content: 'hello' }], 'No file was uploaded; send multipart/form-data with each file in a part of its own, with its filename.'],
    ['a file over the size limit', [{ fileName: 'big.pdf', content: Buffer.concat([PDF, Buffer.alloc(MAX_BYTES)]) }], `A file can be at most ${MAX_BYTES} bytes.`],
    ['a type not accepted', [{ fileName: 'setup.exe', content: Buffer.from('MZ\x90\x00') }], 'This type of file is not accepted; upload one of: pdf, csv, xlsx, xls, xlsb, doc, docx, ppt, pptx, png, jpg, jpeg.'],
    ['content that is not its type', [{ fileName: 'statement.pdf', content: PNG }], "The file's content is not a PDF file, or it is empty."],
    ['a CSV that is binary', [{ fileName: 'export.csv', content: Buffer.from([0x41, 0x00, 0x42]) }], "The file's content is not a CSV file, or it is empty."],
    ['an empty file', [{ fileName: 'empty.pdf', content: Buffer.alloc(0) }], "The file's content is not a PDF file, or it is empty."],
    ['a NUL in the name', [{ fileName: 'evil\u0000.pdf', content: PDF }], "The file's name is not allowed: it holds a control character."],
  ])('refuses %s with a 400 in the wire body, and keeps nothing', async (_case, parts, error) => {
    const before = (await api(client, 'GET', `/companies/${companyId}/files`)).json().length
    const res = await linkUpload(companyId, 'accounting', parts as Part[])
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ statusCode: 400, service: 'PublicApi', error })
    expect((await api(client, 'GET', `/companies/${companyId}/files`)).json()).toHaveLength(before)
  })

  it('refuses a body that is not multipart, and one too large by its Content-Length before reading it', async () => {
    const { token, cookie } = await pageCredentials(companyId)
    const headers = { 'x-link-token': token, cookie, origin: TEST_PUBLIC_URL, 'sec-fetch-site': 'same-origin' }
    const json = await t.app.inject({ method: 'POST', url: `/link/api/companies/${companyId}/files?category=accounting`, headers, payload: { file: 'x' } })
    expect(json.statusCode).toBe(400)
    expect(json.json()).toMatchObject({ error: 'No file was uploaded; send multipart/form-data with each file in a part of its own, with its filename.' })
    const body = multipart([{ fileName: 'big.pdf', content: Buffer.concat([PDF, Buffer.alloc(MAX_BYTES + 70 * 1024)]) }])
    const huge = await t.app.inject({ method: 'POST', url: `/link/api/companies/${companyId}/files?category=accounting`, headers: { ...headers, 'content-type': body.contentType }, payload: body.payload })
    expect(huge.statusCode).toBe(400)
    const twoAtOnce = await linkUpload(companyId, 'accounting', [{ fileName: 'a.csv', content: CSV }, { fileName: 'b.csv', content: CSV }])
    expect(twoAtOnce.statusCode).toBe(400)
    expect(twoAtOnce.json()).toMatchObject({ error: 'The upload could not be read: send one file per request.' })
    const category = await linkUpload(companyId, 'payroll', [{ fileName: 'a.pdf', content: PDF }])
    expect(category.statusCode).toBe(400)
  })

  it('refuses an upload without the page’s token, from another site, or for a category that does not enable upload', async () => {
    const body = multipart([{ fileName: 'a.pdf', content: PDF }])
    const noToken = await t.app.inject({ method: 'POST', url: `/link/api/companies/${companyId}/files?category=accounting`, headers: { 'content-type': body.contentType }, payload: body.payload })
    expect(noToken.statusCode).toBe(403)
    expect(noToken.json()).toMatchObject({ error: 'This request did not come from this company’s Link page; reload the page and try again.' })
    const crossSite = await linkUpload(companyId, 'accounting', [{ fileName: 'a.pdf', content: PDF }], { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })
    expect(crossSite.statusCode).toBe(403)
    const banking = await linkUpload(companyId, 'banking', [{ fileName: 'a.pdf', content: PDF }])
    expect(banking.statusCode).toBe(403)
    expect(banking.json()).toMatchObject({ error: 'File upload is not enabled for banking in this Link.' })
    const documents = await linkUpload(companyId, 'businessDocuments', [{ fileName: 'contract.docx', content: Buffer.from('PK\x03\x04rest') }])
    expect(documents.statusCode).toBe(200)
    expect(documents.json()).toMatchObject({ sourceType: 'Other' })
  })

  it('takes at most the daily number of files per company, then answers 429 until the next UTC day', async () => {
    const id = await newCompany(client, 'Busy Co')
    for (let n = 0; n < MAX_PER_DAY; n++) expect((await linkUpload(id, 'accounting', [{ fileName: `f${n}.csv`, content: CSV }])).statusCode).toBe(200)
    const refused = await linkUpload(id, 'accounting', [{ fileName: 'one more.csv', content: CSV }])
    expect(refused.statusCode).toBe(429)
    expect(refused.headers['retry-after']).toBe(String(24 * 60 * 60))
    expect(refused.json()).toMatchObject({ error: `A company can upload at most ${MAX_PER_DAY} files a day; try again tomorrow (UTC).` })
    t.clock.advance(24 * 60 * 60 * 1000)
    expect((await linkUpload(id, 'accounting', [{ fileName: 'next day.csv', content: CSV }])).statusCode).toBe(200)
  })

  it('counts every upload against the address’s Link limit (RATE_LIMIT_LINK_PER_MINUTE), refused or not', async () => {
    const limited = await createTestApp(backend, { rateLimits: { linkPerMinute: 2 } })
    try {
      const owner = await limited.createClient('Limited')
      const id = (await limited.app.inject({ method: 'POST', url: '/companies', headers: owner.headers, payload: { name: 'Limited Co' } })).json().id
      const settings = (await limited.app.inject({ method: 'GET', url: '/linkSettings', headers: owner.headers })).json()
      settings.categories.accounting.enableFileUpload = true
      await limited.app.inject({ method: 'PUT', url: '/linkSettings', headers: owner.headers, payload: settings })
      const page = await limited.app.inject({ method: 'GET', url: `/link/company/${id}` })
      const token = JSON.parse(/<script type="application\/json" id="linkway-link-config">(.*?)<\/script>/s.exec(page.body)![1]!).linkToken
      const cookie = String([page.headers['set-cookie']].flat().find((c) => String(c).startsWith('linkway_link_page='))).split(';')[0]!
      const body = multipart([{ fileName: 'a.pdf', content: PDF }])
      const send = (headers: Record<string, string>) =>
        limited.app.inject({ method: 'POST', url: `/link/api/companies/${id}/files?category=accounting`, headers: { 'content-type': body.contentType, ...headers }, payload: body.payload })
      expect((await send({})).statusCode).toBe(403)
      expect((await send({ 'x-link-token': token, cookie, 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200)
      const third = await send({ 'x-link-token': token, cookie, 'sec-fetch-site': 'same-origin' })
      expect(third.statusCode).toBe(429)
      expect(third.json()).toMatchObject({ error: 'You have made too many requests in a given amount of time; please retry later.' })
    } finally {
      await limited.close()
    }
  })

  it('purges a company’s files when the company is deleted', async () => {
    const id = await newCompany(client, 'Leaving Ltd')
    expect((await linkUpload(id, 'accounting', [{ fileName: 'ledger.pdf', content: PDF }])).statusCode).toBe(200)
    const count = async () => (await sql<{ count: number }>`select count(*)::int as count from files where company_id = ${id}`.execute(t.database.db)).rows[0]!.count
    expect(await count()).toBe(1)
    expect((await api(client, 'DELETE', `/companies/${id}`)).statusCode).toBe(204)
    expect(await count()).toBe(0)
    expect((await api(client, 'GET', `/companies/${id}/files`)).statusCode).toBe(404)
  })
})

describe.each(testedBackends())('an upload that never ends, on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  beforeAll(async () => {
    t = await createTestApp(backend, { listen: true, fileUploads: { maxBytes: MAX_BYTES, maxPerCompanyPerDay: MAX_PER_DAY } })
    client = await t.createClient('Acme Lending')
  })
  afterAll(async () => {
    await t?.close()
  })

  it('is refused as soon as a file passes the limit, and its connection closed, though the body is chunked and its part never ends', async () => {
    const companyId = (await t.app.inject({ method: 'POST', url: '/companies', headers: client.headers, payload: { name: 'Endless uploads' } })).json().id as string
    const connectionId = (await t.app.inject({ method: 'POST', url: `/companies/${companyId}/connections`, headers: client.headers, payload: { platformKey: 'mqjo' } })).json().id as string
    const boundary = 'linkway-endless-boundary'
    const url = new URL(`${t.url}/companies/${companyId}/connections/${connectionId}/files`)
    /** At most this much is sent: far past the limit, so without the fix the server is still reading when it is reached. */
    const SEND_AT_MOST = 32 * 1024 * 1024
    const outcome = await new Promise<{ status: number; body: string; sent: number; connection: string | undefined }>((resolve, reject) => {
      let sent = 0
      const request = httpRequest(url, { method: 'POST', headers: { ...client.headers, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' } })
      request.on('response', (response) => {
        let body = ''
        response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
        response.on('end', () => resolve({ status: response.statusCode!, body, sent, connection: response.headers.connection }))
      })
      request.on('error', (error) => (sent >= SEND_AT_MOST ? resolve({ status: 0, body: String(error), sent, connection: undefined }) : reject(error)))
      request.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="endless.csv"\r\nContent-Type: text/csv\r\n\r\n`)
      const chunk = Buffer.alloc(64 * 1024, 'a')
      const pump = () => {
        // The part's closing boundary is never sent: only the server's answer ends this.
        while (sent < SEND_AT_MOST && !request.destroyed) {
          sent += chunk.length
          if (!request.write(chunk)) return void request.once('drain', pump)
        }
      }
      pump()
    })
    expect(outcome.status).toBe(400)
    expect(JSON.parse(outcome.body).error).toBe(`A file can be at most ${MAX_BYTES} bytes.`)
    expect(outcome.connection).toBe('close')
    expect(outcome.sent).toBeLessThan(SEND_AT_MOST)
  })
})

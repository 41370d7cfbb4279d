import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testedBackends } from '@linkway/test-kit'
import { renderConsentTexts } from '@linkway/link-ui/consent-texts'
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.js'

const run = promisify(execFile)
const SCRIPT = fileURLToPath(new URL('../../../../../docs/examples/verify-consent-receipt.mjs', import.meta.url))

/** The docs' example, run as a reader would run it, against a Linkway listening on 127.0.0.1. */
describe.each(testedBackends())('docs/examples/verify-consent-receipt.mjs on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  let folder: string
  let file: string

  const verifyFile = async (target: string, url = t.url) => {
    try {
      const { stdout } = await run(process.execPath, [SCRIPT, target, url])
      return { code: 0, output: stdout }
    } catch (error) {
      const failed = error as { code: number; stderr: string }
      return { code: failed.code, output: failed.stderr }
    }
  }

  beforeAll(async () => {
    t = await createTestApp(backend, { listen: true })
    client = await t.createClient('Acme Lending')
    folder = await mkdtemp(path.join(tmpdir(), 'consent-receipt-'))
    const companyId = (await t.app.inject({ method: 'POST', url: '/companies', headers: client.headers, payload: { name: 'Toft stores' } })).json().id
    const page = await t.app.inject({ method: 'GET', url: `/link/company/${companyId}` })
    const token = JSON.parse(/<script type="application\/json" id="linkway-link-config">(.*?)<\/script>/s.exec(page.body)![1]!).linkToken as string
    const cookie = String([page.headers['set-cookie']].flat().find((value) => String(value).startsWith('linkway_link_page='))).split(';')[0]!
    const session = (await t.app.inject({ method: 'GET', url: `/link/api/companies/${companyId}/session?lang=en` })).json()
    const texts = renderConsentTexts({ session, lang: 'en', category: 'accounting', platformKey: 'mqjo' })
    const started = await t.app.inject({
      method: 'POST',
      url: `/link/api/companies/${companyId}/connections`,
      headers: { 'x-link-token': token, cookie, origin: t.url, 'sec-fetch-site': 'same-origin' },
      payload: { platformKey: 'mqjo', sessionId: session.sessionId, consent: { lang: 'en', texts } },
    })
    const download = await t.app.inject({ method: 'GET', url: `/link/api/companies/${companyId}/connections/${started.json().connectionId}/consent` })
    file = path.join(folder, 'receipt.json')
    await writeFile(file, download.body)
  })
  afterAll(async () => {
    await t?.close()
    if (folder) await rm(folder, { recursive: true, force: true })
  })

  it('says VALID for the downloaded receipt, with what was agreed', async () => {
    const result = await verifyFile(file)
    expect(result.output).toContain(`VALID: signed by ${t.url} with key consent-test`)
    expect(result.output).toContain('Toft stores agreed to share Sandbox accounting data (company, chartOfAccounts, customers')
    expect(result.code).toBe(0)
  })

  it('says NOT VALID for a receipt whose signed words were changed, or whose readable copy differs', async () => {
    const signed = JSON.parse(await readFile(file, 'utf8'))
    const [h, p, s] = signed.jws.split('.')
    const forgedPayload = Buffer.from(Buffer.from(p, 'base64url').toString('utf8').replace('Toft stores', 'Evil stores')).toString('base64url')
    const forged = path.join(folder, 'forged.json')
    await writeFile(forged, JSON.stringify({ ...signed, jws: `${h}.${forgedPayload}.${s}` }))
    expect(await verifyFile(forged)).toEqual({ code: 1, output: 'NOT VALID: the signature does not match the receipt\n' })

    const relabelled = path.join(folder, 'relabelled.json')
    await writeFile(relabelled, JSON.stringify({ ...signed, receipt: { ...signed.receipt, dataTypes: ['invoices'] } }))
    expect(await verifyFile(relabelled)).toEqual({ code: 1, output: 'NOT VALID: the receipt in the file differs from the signed one\n' })
  })
})

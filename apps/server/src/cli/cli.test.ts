/**
 * `linkway sync`: the progress view as exact text, and the command end to end against a Linkway
 * listening on 127.0.0.1 with the sandbox platforms and sync workers (on both databases).
 */
import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSyncHarness, type SyncHarness } from '../testing/sync-harness.js'
import { runCli } from './linkway.js'
import { progressBar, renderDatasetLine, renderSyncProgress, type DatasetProgress } from './sync-progress.js'

const RUNNING: DatasetProgress = {
  id: '5b0f3e0e-1111-4c4c-9d9d-000000000001',
  dataType: 'invoices',
  status: 'Fetching',
  progress: 50,
  isCompleted: false,
  isErrored: false,
  recordsRead: 25_000,
  totalRecords: 50_000,
}
const COMPLETE: DatasetProgress = {
  id: '5b0f3e0e-1111-4c4c-9d9d-000000000002',
  dataType: 'banking-transactions',
  status: 'Complete',
  progress: 100,
  isCompleted: true,
  isErrored: false,
  recordsRead: 100_000,
  totalRecords: 100_000,
}
const FAILED: DatasetProgress = {
  id: '5b0f3e0e-1111-4c4c-9d9d-000000000003',
  dataType: 'bills',
  status: 'FetchError',
  progress: 0,
  isCompleted: true,
  isErrored: true,
  recordsRead: 0,
  errorMessage: 'The platform answered 503 at /accounting/api/bills (gave up after 5 attempts)',
}

describe('progressBar', () => {
  it('is 24 cells, filled in proportion, at 0, 50 and 100', () => {
    expect(progressBar(0)).toBe('[░░░░░░░░░░░░░░░░░░░░░░░░]')
    expect(progressBar(50)).toBe('[████████████░░░░░░░░░░░░]')
    expect(progressBar(100)).toBe('[████████████████████████]')
  })

  it('clamps what is outside 0–100', () => {
    expect(progressBar(-5)).toBe(progressBar(0))
    expect(progressBar(140)).toBe(progressBar(100))
  })
})

describe('renderDatasetLine', () => {
  it('shows a running dataset with its bar, percent, records of the total and status', () => {
    expect(renderDatasetLine(RUNNING, 8)).toBe('invoices [████████████░░░░░░░░░░░░]  50%    25,000/50,000 records  Fetching')
  })

  it('shows a complete dataset full', () => {
    expect(renderDatasetLine(COMPLETE, 20)).toBe('banking-transactions [████████████████████████] 100%  100,000/100,000 records  Complete')
  })

  it('shows a failed dataset with its error, and only the records read when the total is unknown', () => {
    expect(renderDatasetLine(FAILED, 8)).toBe(
      'bills    [░░░░░░░░░░░░░░░░░░░░░░░░]   0%                0 records  FetchError – The platform answered 503 at /accounting/api/bills (gave up after 5 attempts)',
    )
  })

  it('shows why a dataset waits or was skipped', () => {
    const paused = { ...RUNNING, status: 'Queued', progress: 10, statusDescription: 'Paused until 2026-12-01T10:00:00.000Z (rate limited by the platform)' }
    expect(renderDatasetLine(paused, 8)).toBe(
      'invoices [██░░░░░░░░░░░░░░░░░░░░░░]  10%    25,000/50,000 records  Queued – Paused until 2026-12-01T10:00:00.000Z (rate limited by the platform)',
    )
  })
})

describe('renderSyncProgress', () => {
  it('aligns every dataset to the longest data type and ends with a summary', () => {
    expect(renderSyncProgress([RUNNING, COMPLETE, FAILED])).toEqual([
      'invoices             [████████████░░░░░░░░░░░░]  50%    25,000/50,000 records  Fetching',
      'banking-transactions [████████████████████████] 100%  100,000/100,000 records  Complete',
      'bills                [░░░░░░░░░░░░░░░░░░░░░░░░]   0%                0 records  FetchError – The platform answered 503 at /accounting/api/bills (gave up after 5 attempts)',
      '2/3 data types done, 1 failed, 125,000 records read',
    ])
  })

  it('leaves the failures out of the summary when there are none', () => {
    expect(renderSyncProgress([COMPLETE])).toEqual([
      'banking-transactions [████████████████████████] 100%  100,000/100,000 records  Complete',
      '1/1 data types done, 100,000 records read',
    ])
  })
})

/** A stdout or stderr that keeps what is written; not a terminal, so the CLI prints each new frame once. */
function captureStream(): { stream: NodeJS.WriteStream; text(): string } {
  let text = ''
  const writable = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8')
      done()
    },
  })
  return { stream: Object.assign(writable, { isTTY: false }) as unknown as NodeJS.WriteStream, text: () => text }
}

describe('runCli usage errors', () => {
  it('prints the usage and exits 2 without a company id', async () => {
    const out = captureStream()
    const err = captureStream()
    expect(await runCli(['sync'], { LINKWAY_API_KEY: 'x'.repeat(32) }, out.stream, err.stream)).toBe(2)
    expect(err.text()).toMatch(/^Usage: linkway sync <companyId> \[--data-type <dataType>\] \[--connection <connectionId>\] \[--timeout <seconds>\]\n/)
    expect(err.text()).toContain('Exit status: 0 when every data type completed, 1 when one failed or there was nothing to sync,\n2 on a usage or request error.\n')
    expect(out.text()).toBe('')
  })

  it('prints the usage and exits 2 for an unknown command', async () => {
    const err = captureStream()
    expect(await runCli(['pull', randomUUID()], {}, captureStream().stream, err.stream)).toBe(2)
    expect(err.text()).toMatch(/^Usage: linkway sync <companyId>/)
  })

  it('exits 2 and says how to set the API key when LINKWAY_API_KEY is unset', async () => {
    const err = captureStream()
    expect(await runCli(['sync', randomUUID()], { LINKWAY_URL: 'http://127.0.0.1:9' }, captureStream().stream, err.stream)).toBe(2)
    expect(err.text()).toBe('Set LINKWAY_API_KEY to an API key of the client (npm start prints one).\n')
  })
})

describe.each(testedBackends())('linkway sync on %s', (backend) => {
  let h: SyncHarness
  let companyId: string
  let linkedDataTypes: string[]

  beforeAll(async () => {
    h = await createSyncHarness(backend)
    await h.startWorkers({ pageSize: 100 })
    ;({ companyId } = await h.linkSandbox('mqjo'))
    // The first link's syncs finish first: `linkway sync` then queues every data type afresh.
    const firstSyncs = await h.waitForSyncs(companyId)
    linkedDataTypes = firstSyncs.filter((dataset) => dataset['status'] === 'Complete').map((dataset) => dataset['dataType'] as string)
  })
  afterAll(async () => {
    await h?.close()
  })

  it('queues every data type, shows its progress and exits 0 when all are Complete', async () => {
    expect(linkedDataTypes.length).toBeGreaterThan(1)
    // The CLI lists the datasets requested since it started, by the server's clock: the harness's
    // clock stands still at 2026-01-01 unless told, so it is brought to now.
    h.t.clock.set(new Date())
    const out = captureStream()
    const err = captureStream()
    const code = await runCli(['sync', companyId], { LINKWAY_API_KEY: h.client.apiKey, LINKWAY_URL: h.t.url }, out.stream, err.stream)
    expect(err.text()).toBe('')
    expect(code).toBe(0)

    const frames = out.text().split('\n\n').filter((frame) => frame !== '')
    const last = frames.at(-1)!.split('\n')
    const summary = last.pop()
    expect(summary).toMatch(new RegExp(`^${linkedDataTypes.length}/${linkedDataTypes.length} data types done, [\\d,]+ records read$`))
    expect(last.map((line) => line.split(' ')[0]).sort()).toEqual([...linkedDataTypes].sort())
    for (const line of last) expect(line).toMatch(/^[A-Za-z-]+ +\[█{24}\] 100% +[\d,]+(\/[\d,]+)? records {2}Complete$/)
  })

  it('exits 2 with the API’s 404 message for a company it does not know', async () => {
    const unknown = randomUUID()
    const err = captureStream()
    const code = await runCli(['sync', unknown], { LINKWAY_API_KEY: h.client.apiKey, LINKWAY_URL: h.t.url }, captureStream().stream, err.stream)
    expect(code).toBe(2)
    // Asked before anything is queued: nothing happens for an unknown company.
    expect(err.text()).toBe(`GET /companies/${unknown} answered 404: No company was found with ID ${unknown}\n`)
  })

  it('says so and exits 1 when the company has nothing to sync', async () => {
    const company = (await h.api('POST', '/companies', { name: 'No connections' })).json()
    const out = captureStream()
    const code = await runCli(['sync', company.id], { LINKWAY_API_KEY: h.client.apiKey, LINKWAY_URL: h.t.url }, out.stream, captureStream().stream)
    expect(code).toBe(1)
    expect(out.text()).toBe('Nothing to sync: the company has no Linked connection with a data type to queue (see GET /companies/{companyId}/connections).\n')
  })
})

/**
 * `linkway sync`: the progress view as exact text, and the command end to end against a Linkway
 * listening on 127.0.0.1 with the sandbox platforms and sync workers (on both databases).
 */
import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INCREMENTAL_OVERLAP_MS } from '../modules/sync/index.js'
import { createSyncHarness, type SyncHarness } from '../testing/sync-harness.js'
import { runCli } from './linkway.js'
import { progressBar, renderChangedLines, renderDatasetLine, renderSummary, renderSyncProgress, type DatasetProgress } from './sync-progress.js'

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

/** A re-sync's dataset that found nothing changed since the last sync. */
const NOTHING_NEW: DatasetProgress = {
  id: '5b0f3e0e-1111-4c4c-9d9d-000000000004',
  dataType: 'customers',
  status: 'Complete',
  progress: 100,
  isCompleted: true,
  isErrored: false,
  recordsRead: 0,
  totalRecords: 0,
  modifiedSince: '2026-11-22T09:25:00.000Z',
}

describe('a re-sync that finds nothing new', () => {
  it('says "nothing new" on the data type’s line instead of 0/0 records', () => {
    expect(renderDatasetLine(NOTHING_NEW, 9)).toBe('customers [████████████████████████] 100%              nothing new  Complete')
  })

  it('says so in the summary when no data type read anything', () => {
    expect(renderSummary([NOTHING_NEW, { ...NOTHING_NEW, id: 'b', dataType: 'invoices' }])).toBe('2/2 data types done: nothing new since the last sync')
  })

  it('counts the data types with nothing new beside the records the others read', () => {
    const company = { ...COMPLETE, dataType: 'company', recordsRead: 1, totalRecords: 1 }
    expect(renderSummary([NOTHING_NEW, company])).toBe('2/2 data types done, 1 record read, nothing new in 1')
  })

  it('still shows 0 records for a first sync of an empty data type (no modifiedSince)', () => {
    const { modifiedSince: _, ...firstSync } = NOTHING_NEW
    expect(renderDatasetLine(firstSync, 9)).toBe('customers [████████████████████████] 100%                0 records  Complete')
    expect(renderSummary([firstSync])).toBe('1/1 data types done, 0 records read')
  })
})

describe('renderChangedLines', () => {
  it('prints each data type’s line once per change, aligned to the longest data type seen', () => {
    const printed = new Map<string, string>()
    const queued = { ...RUNNING, status: 'Queued', progress: 0, recordsRead: 0 }
    expect(renderChangedLines([queued, FAILED], printed)).toEqual([
      'invoices [░░░░░░░░░░░░░░░░░░░░░░░░]   0%         0/50,000 records  Queued',
      'bills    [░░░░░░░░░░░░░░░░░░░░░░░░]   0%                0 records  FetchError – The platform answered 503 at /accounting/api/bills (gave up after 5 attempts)',
    ])
    expect(renderChangedLines([queued, FAILED], printed)).toEqual([])
    // A longer data type appears: only it and the changed one are printed, at the new width.
    expect(renderChangedLines([RUNNING, FAILED, COMPLETE], printed)).toEqual([
      'invoices             [████████████░░░░░░░░░░░░]  50%    25,000/50,000 records  Fetching',
      'banking-transactions [████████████████████████] 100%  100,000/100,000 records  Complete',
    ])
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

/** A stdout or stderr that keeps what is written; not a terminal, so the CLI prints each change once. */
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

  it('exits 2 when PORT=0 (the server picked its own port) or PORT is not a port, and LINKWAY_URL is unset', async () => {
    const err = captureStream()
    expect(await runCli(['sync', randomUUID()], { LINKWAY_API_KEY: 'x'.repeat(32), PORT: '0' }, captureStream().stream, err.stream)).toBe(2)
    expect(err.text()).toBe('PORT=0 lets the server pick its port: set LINKWAY_URL to the Listening address its banner shows.\n')
    const bad = captureStream()
    expect(await runCli(['sync', randomUUID()], { LINKWAY_API_KEY: 'x'.repeat(32), PORT: 'eighty' }, captureStream().stream, bad.stream)).toBe(2)
    expect(bad.text()).toBe('PORT must be a port number (got "eighty"), or set LINKWAY_URL.\n')
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
    // The sandbox's data ends where its clock stands when the company links. A re-sync reads from
    // the last sync's start less the incremental overlap (5 minutes), so with the sandbox's clock
    // level with ours its newest records fell inside that window now and then (with 43 data types,
    // often enough to fail a run) and "nothing new" was read again. Ten minutes behind, none is.
    h = await createSyncHarness(backend, { sandboxClock: { now: () => new Date(Date.now() - 2 * INCREMENTAL_OVERLAP_MS) } })
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

    // Piped: each data type's line once per change, then the summary once, at the end.
    const lines = out.text().split('\n')
    expect(lines.pop()).toBe('')
    const summary = lines.pop()
    expect(summary).toMatch(new RegExp(`^${linkedDataTypes.length}/${linkedDataTypes.length} data types done, [\\d,]+ records read$`))
    const linesOf = new Map<string, string[]>()
    for (const line of lines) {
      const dataType = line.split(' ')[0]!
      linesOf.set(dataType, [...(linesOf.get(dataType) ?? []), line])
    }
    expect([...linesOf.keys()].sort()).toEqual([...linkedDataTypes].sort())
    for (const [, printed] of linesOf) {
      expect(new Set(printed.map((line) => line.replace(/^\S+ +/, ''))).size).toBe(printed.length)
      expect(printed.at(-1)).toMatch(/^[A-Za-z-]+ +\[█{24}\] 100% +[\d,]+(\/[\d,]+)? records {2}Complete$/)
    }
  })

  it('on a re-sync with nothing new says so, instead of 0/0 records', async () => {
    // The last sync began at the clock's now: the sandbox has changed nothing since.
    h.t.clock.set(new Date())
    // As if the previous run had ended a moment ago, within the second this run starts in: its
    // finished datasets are not this run's (they were once listed with it: 56/56 data types).
    await h.t.database.db.updateTable('datasets').set({ requested: h.t.clock.now() }).where('company_id', '=', companyId).execute()
    const out = captureStream()
    const code = await runCli(['sync', companyId], { LINKWAY_API_KEY: h.client.apiKey, LINKWAY_URL: h.t.url }, out.stream, captureStream().stream)
    expect(code).toBe(0)
    const lines = out.text().trimEnd().split('\n')
    const summary = lines.pop()
    // The company is one object, read again at every sync; every list is asked only for what changed. The
    // financial statements store no records (they are built from the ledger when read): 0 records, always.
    const statements = ['balanceSheet', 'profitAndLoss', 'cashFlowStatement']
    const incremental = linkedDataTypes.filter((dataType) => dataType !== 'company' && !statements.includes(dataType))
    expect(summary).toBe(`${linkedDataTypes.length}/${linkedDataTypes.length} data types done, 1 record read, nothing new in ${incremental.length}`)
    const finalLines = lines.filter((line) => line.endsWith('Complete'))
    for (const dataType of incremental) expect(finalLines).toContainEqual(expect.stringMatching(new RegExp(`^${dataType} +\\[█{24}\\] 100% +nothing new {2}Complete$`)))
    expect(out.text()).not.toContain('0/0 records')
  })

  it('finds the server from PORT, or PUBLIC_URL, when LINKWAY_URL is unset; LINKWAY_URL wins', async () => {
    const unknown = randomUUID()
    const answer = `GET /companies/${unknown} answered 404: No company was found with ID ${unknown}\n`
    const { port } = new URL(h.t.url)
    for (const env of [{ PORT: port }, { PUBLIC_URL: h.t.url }, { PORT: '9', PUBLIC_URL: 'http://127.0.0.1:9', LINKWAY_URL: h.t.url }]) {
      const err = captureStream()
      expect(await runCli(['sync', unknown], { LINKWAY_API_KEY: h.client.apiKey, ...env }, captureStream().stream, err.stream)).toBe(2)
      expect(err.text()).toBe(answer)
    }
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

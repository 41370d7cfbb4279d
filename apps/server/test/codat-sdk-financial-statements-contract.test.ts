/**
 * Contract tests for the financial statements through the reference's own SDKs over a real socket: the
 * accounting SDK (`@codat/accounting`, reports) and the lending SDK (`@codat/lending`, financialStatements).
 * Each parses the answer into its models, which keep only the fields they declare: a statement read back
 * through an SDK equal to Linkway's JSON means every field Linkway sends is one the reference names.
 */
import { CodatAccounting } from '@codat/accounting'
import { CodatLending } from '@codat/lending'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSyncHarness, type SyncHarness } from '../src/testing/sync-harness.js'
import { basicAuthorization } from '../src/testing/test-app.js'

const SANDBOX_NOW = new Date('2026-12-06T12:00:00Z')
const PERIODS = { periodLength: 3, periodsToCompare: 4, startMonth: '2026-07-01T00:00:00Z' }

/** What an SDK model holds, as plain JSON (its classes and undefined fields dropped). */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

describe.each(testedBackends())('the reference SDKs read Linkway’s financial statements, on %s', (backend) => {
  let h: SyncHarness
  let companyId: string
  let accounting: CodatAccounting
  let lending: CodatLending

  beforeAll(async () => {
    h = await createSyncHarness(backend, { sandboxClock: { now: () => SANDBOX_NOW } })
    ;({ companyId } = await h.linkSandbox('mqjo'))
    await h.startWorkers({ pageSize: 500 })
    await h.waitForSyncs(companyId)
    const security = { authHeader: basicAuthorization(h.client.apiKey) }
    accounting = new CodatAccounting({ security, serverURL: h.t.url })
    lending = new CodatLending({ security, serverURL: h.t.url })
  }, 60_000)
  afterAll(async () => {
    await h?.close()
  })

  const wire = async (statement: string) =>
    (await h.api('GET', `/companies/${companyId}/data/financials/${statement}?periodLength=${PERIODS.periodLength}&periodsToCompare=${PERIODS.periodsToCompare}&startMonth=${PERIODS.startMonth}`)).json()

  it('accounting SDK: getBalanceSheet, getProfitAndLoss, getCashFlowStatement parse every field Linkway sends', async () => {
    const balanceSheet = await accounting.reports.getBalanceSheet({ companyId, ...PERIODS })
    expect(balanceSheet.statusCode).toBe(200)
    expect(plain(balanceSheet.balanceSheet)).toEqual(await wire('balanceSheet'))
    expect(balanceSheet.balanceSheet?.reports).toHaveLength(4)

    const profitAndLoss = await accounting.reports.getProfitAndLoss({ companyId, ...PERIODS })
    expect(profitAndLoss.statusCode).toBe(200)
    expect(plain(profitAndLoss.profitAndLossReport)).toEqual(await wire('profitAndLoss'))
    expect(profitAndLoss.profitAndLossReport?.reportBasis).toBe('Accrual')

    const cashFlow = await accounting.reports.getCashFlowStatement({ companyId, ...PERIODS })
    expect(cashFlow.statusCode).toBe(200)
    expect(plain(cashFlow.cashFlowStatement)).toEqual(await wire('cashFlowStatement'))
    expect(cashFlow.cashFlowStatement).toMatchObject({ reportBasis: 'Cash', reportInput: 'Direct' })
  })

  it('lending SDK: financialStatements.balanceSheet, profitAndLoss and cashFlow parse every field Linkway sends', async () => {
    const balanceSheet = await lending.financialStatements.balanceSheet.get({ companyId, ...PERIODS })
    expect(balanceSheet.statusCode).toBe(200)
    expect(plain(balanceSheet.accountingBalanceSheet)).toEqual(await wire('balanceSheet'))

    const profitAndLoss = await lending.financialStatements.profitAndLoss.get({ companyId, ...PERIODS })
    expect(profitAndLoss.statusCode).toBe(200)
    expect(plain(profitAndLoss.accountingProfitAndLossReport)).toEqual(await wire('profitAndLoss'))

    const cashFlow = await lending.financialStatements.cashFlow.get({ companyId, ...PERIODS })
    expect(cashFlow.statusCode).toBe(200)
    expect(plain(cashFlow.accountingCashFlowStatement)).toEqual(await wire('cashFlowStatement'))
  })

  it('a bad period parameter: 400, a status the SDK does not declare, so it hands back the raw wire error body', async () => {
    const answer = await accounting.reports.getBalanceSheet({ companyId, periodLength: 13, periodsToCompare: 1 })
    expect(answer.statusCode).toBe(400)
    expect(answer.errorMessage).toBeUndefined()
    expect(JSON.parse(new TextDecoder().decode(answer.rawResponse?.data as ArrayBuffer))).toMatchObject({ statusCode: 400, service: 'PublicApi', error: expect.stringContaining('periodLength must be at most 12') })
  })

  it('a company whose ledger is not synced: 409, which the SDK parses into its ErrorMessage', async () => {
    const unsynced = (await h.api('POST', '/companies', { name: 'No books yet' })).json().id as string
    const answer = await lending.financialStatements.cashFlow.get({ companyId: unsynced, periodLength: 1, periodsToCompare: 1 })
    expect(answer.statusCode).toBe(409)
    expect(answer.errorMessage).toMatchObject({ statusCode: 409, service: 'PublicApi', error: expect.stringContaining(`The cashFlowStatement data of company ${unsynced} has not been synced yet`) })
  })
})

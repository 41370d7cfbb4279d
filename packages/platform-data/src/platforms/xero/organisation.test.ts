import { readFileSync } from 'node:fs'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { xeroBankAccounts } from './bank-accounts.js'
import { xeroCompany } from './company.js'

const TENANT_ID = '7c1e3b8a-2f4d-4a61-9b0e-5d2a6c8e0f11'
const context: SourceContext = { baseUrl: 'https://api.xero.com/api.xro/2.0', connectionInfo: { tenantId: TENANT_ID }, modifiedSince: undefined, pageSize: 100 }
const read = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, any>

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: {}, body }
}

describe('Xero company (the organisation)', () => {
  it('asks for the organisation whole, even on an incremental sync', () => {
    expect(xeroCompany.request({ ...context, modifiedSince: new Date('2024-06-01T00:00:00Z') }, undefined)).toEqual({
      url: 'https://api.xero.com/api.xro/2.0/Organisation',
      headers: { 'xero-tenant-id': TENANT_ID },
    })
  })

  it('reads the organisation field by field, its financial year starting the day after Xero’s year end', () => {
    const { records, next } = xeroCompany.read(answer(read('organisation.json')), context, undefined)
    expect(next).toBeUndefined()
    expect(records).toEqual([
      {
        id: TENANT_ID,
        modifiedAt: undefined,
        data: {
          accountingPlatformRef: TENANT_ID,
          companyName: 'Demo Company (UK)',
          companyLegalName: 'Demo Company (UK) Ltd',
          addresses: [{ type: 'Delivery', line1: '23 Main Street', line2: 'Central City', city: 'Marineville', country: 'United Kingdom', postalCode: '12345' }],
          phoneNumbers: [{ number: '01632 960 100', type: 'Primary' }],
          webLinks: [
            { type: 'Website', url: 'https://demo-company.example' },
            { type: 'Social', url: 'https://twitter.com/democompany' },
          ],
          registrationNumber: '09912345',
          taxNumber: 'GB 444 5555 66',
          baseCurrency: 'GBP',
          createdDate: '2020-04-01T00:00:00Z',
          ledgerLockDate: '2024-03-31T00:00:00Z',
          financialYearStartDate: '2019-04-01T00:00:00Z',
        },
      },
    ])
    expect(DATA_TYPE_DEFINITIONS.company.schema.parse(records[0]!.data)).toEqual(records[0]!.data)
  })

  it('refuses an answer without an organisation', () => {
    expect(() => xeroCompany.read(answer({ Organisations: [] }), context, undefined)).toThrow(new DataSourceError("Xero's answer has no organisation in Organisations."))
  })
})

describe('Xero bank accounts', () => {
  it('asks the chart of accounts for its BANK accounts', () => {
    expect(xeroBankAccounts.request(context, undefined)).toEqual({ url: 'https://api.xero.com/api.xro/2.0/Accounts?where=Type%3D%3D%22BANK%22', headers: { 'xero-tenant-id': TENANT_ID } })
  })

  it('reads each BANK account, with the id it has in the chart of accounts, and nothing else of the chart', () => {
    const { records, next } = xeroBankAccounts.read(answer(read('accounts.json')), context, undefined)
    expect(next).toBeUndefined()
    expect(records).toEqual([
      {
        id: 'ebd06280-af70-4bed-97c6-7451a454ad85',
        modifiedAt: new Date('2024-01-01T00:00:00Z'),
        data: {
          id: 'ebd06280-af70-4bed-97c6-7451a454ad85',
          accountName: 'Business Current Account',
          accountType: 'Debit',
          nominalCode: '090',
          accountNumber: '20-32-06 43917285',
          currency: 'GBP',
          sourceModifiedDate: '2024-01-01T00:00:00Z',
        },
      },
    ])
    expect(DATA_TYPE_DEFINITIONS.bankAccounts.schema.parse(records[0]!.data)).toEqual(records[0]!.data)
  })

  it('reads a credit card as a Credit account', () => {
    const card = { ...read('accounts.json').Accounts[0], AccountID: 'card', BankAccountType: 'CREDITCARD' }
    expect(xeroBankAccounts.read(answer({ Accounts: [card] }), context, undefined).records[0]!.data.accountType).toBe('Credit')
  })
})

import { ACCOUNTING_DATATYPES, BANKING_DATATYPES, COMMERCE_DATATYPES, createCatalogue, FINANCIAL_STATEMENT_DATATYPES, platformDefinitions } from '@linkway/connectors'
import { DATA_TYPE_DEFINITIONS, DATA_TYPES, type DataType } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { createPlatformCatalogue } from './platform-catalogue.js'
import { platformDataSources } from './platform-data-sources.js'
import { accountingSandboxDataSources } from './platforms/sandbox/index.js'
import { xeroDataSources } from './platforms/xero/index.js'

const SANDBOX_URL = 'http://127.0.0.1:4010'
const xeroDefinition = platformDefinitions.find(({ key }) => key === 'gbol')!

describe('createPlatformCatalogue', () => {
  it('hands out one object per platform: the connector as createCatalogue serves it, with its data sources', () => {
    const catalogue = createPlatformCatalogue({ sandboxUrl: SANDBOX_URL })
    const connectors = createCatalogue({ sandboxUrl: SANDBOX_URL }).connectors
    expect(catalogue.connectors.map(({ key }) => key)).toEqual(connectors.map(({ key }) => key))
    for (const [index, platform] of catalogue.connectors.entries()) {
      expect(platform, platform.key).toMatchObject(connectors[index]!)
      expect(catalogue.get(platform.key)).toBe(platform)
      expect(Object.isFrozen(platform)).toBe(true)
    }
    expect(catalogue.get('gbol')!.dataSources).toBe(xeroDataSources)
    expect(catalogue.get('mqjo')!.dataSources).toBe(accountingSandboxDataSources)
    expect(catalogue.get('hbql')!.dataSources).toEqual({})
    expect(catalogue.get('zzzz')).toBeUndefined()
    expect(Object.isFrozen(catalogue.connectors)).toBe(true)
  })

  it('takes createCatalogue’s options, and refuses what it refuses', () => {
    const catalogue = createPlatformCatalogue({ endpointOverrides: { gbol: { apiBaseUrl: 'http://127.0.0.1:4011/xero/api.xro/2.0' } } })
    expect(catalogue.get('gbol')!.apiBaseUrl).toBe('http://127.0.0.1:4011/xero/api.xro/2.0')
    expect(catalogue.get('mqjo')).toBeUndefined()
    expect(() => createPlatformCatalogue({ endpointOverrides: { gbxx: { tokenUrl: 'http://127.0.0.1/t' } } })).toThrow('endpointOverrides.gbxx: there is no connector gbxx')
  })
})

describe('Platform.canSync', () => {
  const catalogue = createPlatformCatalogue({ sandboxUrl: SANDBOX_URL })

  it('is true for a data type of the platform’s kind that it has a data API and a data source for', () => {
    const xero = catalogue.get('gbol')!
    expect(xero.canSync('invoices') && xero.canSync('chartOfAccounts') && xero.canSync('customers')).toBe(true)
    expect(catalogue.get('mqjo')!.canSync('journalEntries')).toBe(true)
    expect(catalogue.get('bsbx')!.canSync('banking-transactions')).toBe(true)
    expect(catalogue.get('aiwb')!.canSync('commerce-orders')).toBe(true)
  })

  it('is false without a data source for the data type', () => {
    expect(catalogue.get('gbol')!.canSync('salesOrders')).toBe(false)
    // Zoho Books: an OAuth platform whose data Linkway does not read.
    expect(catalogue.get('rwuv')!.canSync('invoices')).toBe(false)
  })

  it('is false for another kind of data', () => {
    expect(catalogue.get('gbol')!.canSync('banking-accounts')).toBe(false)
    expect(catalogue.get('bsbx')!.canSync('invoices')).toBe(false)
    // Even with a data source: the platform's kind decides (a definition that changed kind).
    const asBanking = createPlatformCatalogue({ definitions: [{ ...xeroDefinition, sourceType: 'Banking' }] })
    expect(asBanking.get('gbol')!.canSync('invoices')).toBe(false)
  })

  it('is false without a data API, even with a data source', () => {
    expect(catalogue.get('hbql')!.canSync('invoices')).toBe(false)
    const { apiBaseUrl: _apiBaseUrl, ...withoutDataApi } = xeroDefinition
    expect(createPlatformCatalogue({ definitions: [withoutDataApi] }).get('gbol')!.canSync('invoices')).toBe(false)
  })

  it('needs no `this`, so it can be passed around', () => {
    const { canSync } = catalogue.get('gbol')!
    const dataTypes: DataType[] = ['invoices', 'salesOrders', 'customers']
    expect(dataTypes.filter(canSync)).toEqual(['invoices', 'customers'])
  })
})

// The connectors package knows no contracts, so its lists of each kind's data types are written out;
// this keeps them equal to the definitions, in their order, as data types are added.
describe('the connectors’ data type lists', () => {
  const ofSource = (sourceType: string, isStatement: boolean) =>
    DATA_TYPES.filter((dataType) => DATA_TYPE_DEFINITIONS[dataType].sourceType === sourceType && (DATA_TYPE_DEFINITIONS[dataType].derivedFrom !== undefined) === isStatement)
  it('are every data type of their source type, statements apart', () => {
    expect([...ACCOUNTING_DATATYPES]).toEqual(ofSource('Accounting', false))
    expect([...FINANCIAL_STATEMENT_DATATYPES]).toEqual(ofSource('Accounting', true))
    expect([...BANKING_DATATYPES]).toEqual(ofSource('Banking', false))
    expect([...COMMERCE_DATATYPES]).toEqual(ofSource('Commerce', false))
  })
})

// `datatypeFeatures` is what a client reads to know what it can ask a platform for: a data type
// listed there and not read would only ever end NotSupported.
describe('each platform’s data types', () => {
  it.each(Object.keys(platformDataSources))('%s offers every data type Linkway reads from it, and no other', (platformKey) => {
    const offered = createPlatformCatalogue({ sandboxUrl: 'http://127.0.0.1:1' }).get(platformKey)!.datatypeFeatures.map(({ datatype }) => datatype)
    expect([...offered].sort()).toEqual(Object.keys(platformDataSources[platformKey]!).sort())
  })
})

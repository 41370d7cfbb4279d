import { describe, expect, it } from 'vitest'
import type { DataSource, PageCursor, PlatformResponse, SourceContext } from '../../data-source.js'
import type { DataType } from '@linkway/contracts'
import { xeroDataSources } from './index.js'
import { xeroPageAfter } from './xero-api.js'

const context: SourceContext = { baseUrl: 'https://api.xero.com/api.xro/2.0', connectionInfo: { tenantId: '7c1e3b8a-2f4d-4a61-9b0e-5d2a6c8e0f11' }, modifiedSince: undefined, pageSize: 100 }

/** Xero's answer to a page of `path`: an empty list, with Xero's paging summary. */
function summaryOnly(path: string, page: number, itemCount: number): PlatformResponse {
  return { status: 200, headers: {}, body: { [path]: [], pagination: { page, pageSize: 100, pageCount: Math.ceil(itemCount / 100), itemCount } } }
}

describe('Xero: reading numbered pages ahead', () => {
  it('names the page after while Xero’s item count says there is one, and none past the last', () => {
    expect(xeroPageAfter(context, undefined, 250)).toEqual({ page: 2, pageSize: 100 })
    expect(xeroPageAfter(context, { page: 2, pageSize: 100 }, 250)).toEqual({ page: 3, pageSize: 100 })
    expect(xeroPageAfter(context, { page: 3, pageSize: 100 }, 250)).toBeUndefined()
    expect(xeroPageAfter(context, { page: 2, pageSize: 100 }, 200)).toBeUndefined()
    expect(xeroPageAfter(context, undefined, 0)).toBeUndefined()
  })

  it('is declared by every Xero source that pages by number, and names the page its page’s own next names', () => {
    const sources = Object.values(xeroDataSources) as Array<DataSource<DataType>>
    const paged = sources.filter((source) => new URL(source.request(context, undefined).url).searchParams.get('page') === '1')
    expect(paged.map((source) => source.dataType).sort()).toEqual(['bankTransactions', 'billCreditNotes', 'billPayments', 'bills', 'creditNotes', 'customers', 'invoices', 'payments', 'purchaseOrders', 'suppliers'])
    for (const source of paged) {
      expect(source.pageAfter, source.dataType).toBeDefined()
      const path = new URL(source.request(context, undefined).url).pathname.split('/').at(-1)!
      for (const cursor of [undefined, { page: 2, pageSize: 100 }, { page: 3, pageSize: 100 }] as Array<PageCursor | undefined>) {
        const page = (cursor?.['page'] as number | undefined) ?? 1
        expect(source.pageAfter!(context, cursor, 250), `${source.dataType} after page ${page}`).toEqual(source.read(summaryOnly(path, page, 250), context, cursor).next)
      }
    }
  })
})

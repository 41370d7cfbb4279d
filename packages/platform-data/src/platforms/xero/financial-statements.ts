/**
 * @module A Xero company's financial statements. Linkway builds them when they are read, from the chart of
 * accounts and the journals it has stored (docs/data.md, "Financial statements"), so a statement's sync stores
 * nothing: it asks for the first journals, which proves Xero still serves this connection its general ledger
 * (the accounting.journals.read scope), and its dataset then says the statement is offered here.
 */
import type { DataType } from '@linkway/contracts'
import type { DataSource } from '../../data-source.js'
import { readXeroList, xeroHeaders } from './xero-api.js'

export function xeroLedgerStatementSource<K extends DataType>(dataType: K): DataSource<K> {
  return {
    dataType,
    isIncremental: false,
    request: (context) => ({ url: `${context.baseUrl}/Journals?offset=0`, headers: xeroHeaders({ ...context, modifiedSince: undefined }) }),
    read(response) {
      readXeroList(response.body, 'Journals')
      return { records: [], next: undefined, totalRecords: 0 }
    },
  }
}

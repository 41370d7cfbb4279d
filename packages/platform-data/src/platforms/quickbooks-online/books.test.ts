import { readFileSync } from 'node:fs'
import { platformDefinitions } from '@linkway/connectors'
import { DATA_TYPE_DEFINITIONS, type DataType } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type DataSource, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { quickbooksBankAccounts } from './bank-accounts.js'
import { quickbooksBillPayments } from './bill-payments.js'
import { quickbooksBills } from './bills.js'
import { quickbooksCompany } from './company.js'
import { quickbooksBillCreditNotes, quickbooksCreditNotes } from './credit-notes.js'
import { quickbooksDirectCosts, quickbooksDirectIncomes } from './direct-transactions.js'
import { quickbooksOnlineDataSources } from './index.js'
import { quickbooksJournalEntries, quickbooksLedgerStatementSource } from './journal-entries.js'
import { quickbooksPayments } from './payments.js'
import { quickbooksPurchaseOrders } from './purchase-orders.js'
import { quickbooksSuppliers } from './suppliers.js'

const REALM_ID = '9608571618253057'
const BASE_URL = `https://quickbooks.api.intuit.com/v3/company/${REALM_ID}`
const context: SourceContext = { baseUrl: BASE_URL, connectionInfo: { realmId: REALM_ID }, modifiedSince: undefined, pageSize: 1000 }

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as unknown
}

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: {}, body }
}

/** Every record read from a recorded answer, each checked to be a valid record of its data type. */
function readAll<K extends DataType>(source: DataSource<K>, name: string) {
  const page = source.read(answer(fixture(name)), context, undefined)
  for (const record of page.records) expect(DATA_TYPE_DEFINITIONS[source.dataType].schema.parse(record.data)).toEqual(record.data)
  return page
}

const queryOf = (url: string) => decodeURIComponent(new URL(url).searchParams.get('query') ?? '')

describe('QuickBooks suppliers (Vendor)', () => {
  it('queries active and inactive vendors, since the last sync on an incremental one', () => {
    expect(queryOf(quickbooksSuppliers.request(context, undefined).url)).toBe('SELECT * FROM Vendor WHERE Active IN (true, false) ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000')
    expect(queryOf(quickbooksSuppliers.request({ ...context, modifiedSince: new Date('2025-02-01T00:00:00Z') }, undefined).url)).toBe(
      "SELECT * FROM Vendor WHERE Active IN (true, false) AND MetaData.LastUpdatedTime >= '2025-02-01T00:00:00+00:00' ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000",
    )
  })

  it('reads each vendor, an inactive one as Archived', () => {
    const { records, next } = readAll(quickbooksSuppliers, 'vendors.json')
    expect(next).toBeUndefined()
    expect(records.map((record) => [record.id, record.data.supplierName, record.data.status])).toEqual([
      ['1', 'Atlas Wholesale', 'Active'],
      ['10', 'Highland Studios', 'Archived'],
      ['2', 'Meadow Engineering', 'Active'],
    ])
    const raw = (fixture('vendors.json') as { QueryResponse: { Vendor: Array<Record<string, any>> } }).QueryResponse.Vendor[0]!
    expect(records[0]).toEqual({
      id: '1',
      modifiedAt: new Date(raw['MetaData']['LastUpdatedTime']),
      data: {
        id: '1',
        supplierName: 'Atlas Wholesale',
        contactName: `${raw['GivenName']} ${raw['FamilyName']}`,
        emailAddress: raw['PrimaryEmailAddr']['Address'],
        phone: raw['PrimaryPhone']['FreeFormNumber'],
        addresses: [{ type: 'Billing', line1: raw['BillAddr']['Line1'], city: raw['BillAddr']['City'], postalCode: raw['BillAddr']['PostalCode'], country: raw['BillAddr']['Country'] }],
        defaultCurrency: raw['CurrencyRef']['value'],
        status: 'Active',
        sourceModifiedDate: `${raw['MetaData']['LastUpdatedTime'].slice(0, 19)}Z`,
      },
    })
  })
})

describe('QuickBooks bills', () => {
  const { records } = readAll(quickbooksBills, 'bills.json')

  it('gives each bill its status by its balance, a voided one Void', () => {
    expect(records.map((record) => [record.data.reference, record.data.status, record.data.totalAmount, record.data.amountDue])).toEqual([
      ['BILL-00001', 'Paid', 10979.98, 0],
      ['BILL-00022', 'Void', 0, 0],
      ['BILL-00003', 'Open', 856.8, 856.8],
      ['BILL-00005', 'PartiallyPaid', 10850.16, 3363.55],
    ])
  })

  it('reads a bill field by field: totals less tax, the vendor, and each expense line as one unit of its amount on its account', () => {
    expect(records[0]!.data).toEqual({
      id: '1',
      reference: 'BILL-00001',
      supplierRef: { id: '26', supplierName: 'Willow Labs' },
      issueDate: '2023-02-17T00:00:00Z',
      dueDate: '2023-03-19T00:00:00Z',
      currency: 'GBP',
      status: 'Paid',
      subTotal: 9149.98,
      taxAmount: 1830,
      totalAmount: 10979.98,
      amountDue: 0,
      lineItems: [
        { description: 'Consulting services', quantity: 1, unitAmount: 1197, subTotal: 1197, accountRef: { id: '7', name: 'Advertising' }, taxRateRef: { id: 'TAX' } },
        { description: 'Consulting services', quantity: 1, unitAmount: 6195, subTotal: 6195, accountRef: { id: '22', name: 'Travel' }, taxRateRef: { id: 'TAX' } },
        { description: 'Website maintenance', quantity: 1, unitAmount: 1757.98, subTotal: 1757.98, accountRef: { id: '20', name: 'Subscriptions' }, taxRateRef: { id: 'TAX' } },
      ],
      sourceModifiedDate: '2023-03-02T14:08:57Z',
    })
  })

  it('reads an item line’s quantity and unit price', () => {
    const itemLine = { Amount: 30, DetailType: 'ItemBasedExpenseLineDetail', ItemBasedExpenseLineDetail: { ItemRef: { value: '11', name: 'Pump' }, Qty: 3, UnitPrice: 10, TaxCodeRef: { value: 'NON' } } }
    const bill = { Id: '9', TxnDate: '2025-01-02', TotalAmt: 30, Balance: 30, Line: [itemLine] }
    expect(quickbooksBills.read(answer({ QueryResponse: { Bill: [bill] } }), context, undefined).records[0]!.data.lineItems).toEqual([
      { quantity: 3, unitAmount: 10, subTotal: 30, itemRef: { id: '11', name: 'Pump' }, taxRateRef: { id: 'NON' } },
    ])
  })

  it('tracks each line against the bill’s department, after its own class', () => {
    const classed = { Amount: 30, DetailType: 'AccountBasedExpenseLineDetail', AccountBasedExpenseLineDetail: { AccountRef: { value: '7', name: 'Rent' }, ClassRef: { value: '5', name: 'Retail' } } }
    const plain = { Amount: 12, DetailType: 'AccountBasedExpenseLineDetail', AccountBasedExpenseLineDetail: { AccountRef: { value: '7', name: 'Rent' } } }
    const bill = { Id: '9', TxnDate: '2025-01-02', TotalAmt: 42, Balance: 42, DepartmentRef: { value: '2', name: 'North' }, Line: [classed, plain] }
    const [record] = quickbooksBills.read(answer({ QueryResponse: { Bill: [bill] } }), context, undefined).records
    expect(record!.data.lineItems?.map((line) => line.trackingCategoryRefs)).toEqual([
      [
        { id: '5', name: 'Retail' },
        { id: 'department-2', name: 'North' },
      ],
      [{ id: 'department-2', name: 'North' }],
    ])
  })

  it('an incremental read ends by asking change data capture which bills were deleted; a vendor is made inactive instead, never asked', () => {
    const incremental = { ...context, modifiedSince: new Date('2025-02-20T00:00:00Z') }
    const last = quickbooksBills.read(answer(fixture('bills.json')), incremental, undefined)
    expect(last.next).toEqual({ step: 'deleted' })
    expect(quickbooksBills.request(incremental, last.next).url).toBe(`${BASE_URL}/cdc?entities=Bill&changedSince=2025-02-20T00%3A00%3A00%2B00%3A00&minorversion=75`)
    const cdc = { CDCResponse: [{ QueryResponse: [{ Bill: [{ domain: 'QBO', status: 'Deleted', Id: '22', MetaData: { LastUpdatedTime: '2025-02-28T10:00:00-08:00' } }], startPosition: 1, maxResults: 1, totalCount: 1 }] }] }
    expect(quickbooksBills.read(answer(cdc), incremental, last.next)).toEqual({ records: [], next: undefined, deletedIds: ['22'] })
    expect(quickbooksBills.read(answer(fixture('bills.json')), context, undefined).next).toBeUndefined()
    expect(quickbooksSuppliers.read(answer(fixture('vendors.json')), incremental, undefined).next).toBeUndefined()
  })

  it('an incremental read of bills past the 30 days QuickBooks keeps reads what changed and does not ask for deletions', () => {
    // Change data capture refuses a bound older than 30 days (by QuickBooks' own time): asking would fail the sync.
    const stale = { ...context, modifiedSince: new Date('2025-01-01T00:00:00Z') }
    const page = quickbooksBills.read(answer({ ...(fixture('bills.json') as object), time: '2025-02-01T00:00:00+00:00' }), stale, undefined)
    expect(page.records.length).toBeGreaterThan(0)
    expect(page.next).toBeUndefined()
  })

  it('refuses a bill without a total', () => {
    expect(() => quickbooksBills.read(answer({ QueryResponse: { Bill: [{ Id: '4', TxnDate: '2025-01-02', Balance: 1 }] } }), context, undefined)).toThrow(new DataSourceError("QuickBooks' bill 4 has no numeric TotalAmt."))
  })
})

describe('QuickBooks payments', () => {
  it('reads a payment with its line linked to the invoice it pays, the link taking the amount off the invoice', () => {
    const { records } = readAll(quickbooksPayments, 'payments.json')
    expect(records[0]!.data).toEqual({
      id: '1',
      date: '2023-03-07T00:00:00Z',
      totalAmount: 1109.56,
      paymentMethodRef: { id: '4', name: 'DirectDebit' },
      currency: 'USD',
      customerRef: { id: '32', companyName: 'Atlas Supplies' },
      accountRef: { id: '1', name: 'Business Current Account' },
      reference: 'INV-00033',
      lines: [{ amount: 1109.56, links: [{ type: 'Invoice', id: '33', amount: -1109.56 }] }],
      sourceModifiedDate: '2023-03-07T20:36:54Z',
    })
  })

  it('keeps what a payment does not apply as a line on account, and a credit memo applied as a CreditNote link', () => {
    const payment = {
      Id: '7',
      TxnDate: '2025-01-02',
      TotalAmt: 150,
      UnappliedAmt: 50,
      Line: [
        { Amount: 120, LinkedTxn: [{ TxnId: '3', TxnType: 'Invoice' }] },
        { Amount: 20, LinkedTxn: [{ TxnId: '4', TxnType: 'CreditMemo' }] },
      ],
    }
    expect(quickbooksPayments.read(answer({ QueryResponse: { Payment: [payment] } }), context, undefined).records[0]!.data.lines).toEqual([
      { amount: 120, links: [{ type: 'Invoice', id: '3', amount: -120 }] },
      { amount: 20, links: [{ type: 'CreditNote', id: '4', amount: -20 }] },
      { amount: 50, links: [{ type: 'PaymentOnAccount', amount: -50 }] },
    ])
  })
})

describe('QuickBooks bill payments', () => {
  const { records } = readAll(quickbooksBillPayments, 'bill-payments.json')

  it('reads a cheque paying a bill from its bank account', () => {
    expect(records[0]!.data).toEqual({
      id: '1',
      date: '2023-03-04T00:00:00Z',
      totalAmount: 10979.98,
      supplierRef: { id: '26', supplierName: 'Willow Labs' },
      accountRef: { id: '1', name: 'Business Current Account' },
      currency: 'GBP',
      reference: 'BP-00001',
      lines: [{ amount: 10979.98, links: [{ type: 'Bill', id: '1', amount: -10979.98 }], allocatedOnDate: '2023-03-04T00:00:00Z' }],
      sourceModifiedDate: '2023-03-04T13:52:39Z',
    })
  })

  it('reads a payment applied to no bill as a payment on account, and a card payment’s account', () => {
    expect(records[1]!.data.lines).toEqual([{ amount: 4740, links: [{ type: 'PaymentOnAccount', amount: -4740 }], allocatedOnDate: '2023-03-30T00:00:00Z' }])
    const byCard = { Id: '3', TxnDate: '2025-01-02', TotalAmt: 10, PayType: 'CreditCard', CreditCardPayment: { CCAccountRef: { value: '41', name: 'Visa' } }, Line: [] }
    expect(quickbooksBillPayments.read(answer({ QueryResponse: { BillPayment: [byCard] } }), context, undefined).records[0]!.data.accountRef).toEqual({ id: '41', name: 'Visa' })
  })
})

describe('QuickBooks department tracking on every transaction with tracked lines', () => {
  // Intuit's schema puts DepartmentRef on Transaction, so each of these carries it as an invoice and a bill do.
  const department = { value: '2', name: 'North' }
  const expenseLine = { Amount: 30, DetailType: 'AccountBasedExpenseLineDetail', AccountBasedExpenseLineDetail: { AccountRef: { value: '7', name: 'Rent' }, ClassRef: { value: '5', name: 'Retail' } } }
  const salesLine = { Amount: 30, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { Qty: 1, UnitPrice: 30, ItemRef: { value: '1', name: 'Hours' }, ClassRef: { value: '5', name: 'Retail' } } }
  const transaction = (line: object) => ({ Id: '9', TxnDate: '2025-01-02', TotalAmt: 30, Balance: 30, DepartmentRef: department, Line: [line] })
  const trackedAs = [[{ id: '5', name: 'Retail' }, { id: 'department-2', name: 'North' }]]
  const lineTrackingOf = <K extends DataType>(source: DataSource<K>, entity: string, line: object) =>
    (source.read(answer({ QueryResponse: { [entity]: [transaction(line)] } }), context, undefined).records[0]!.data as { lineItems?: Array<{ trackingCategoryRefs?: unknown }> }).lineItems?.map((each) => each.trackingCategoryRefs)

  it('tracks a credit memo’s and a sales receipt’s sales lines against the department, after their class', () => {
    expect(lineTrackingOf(quickbooksCreditNotes, 'CreditMemo', salesLine)).toEqual(trackedAs)
    expect(lineTrackingOf(quickbooksDirectIncomes, 'SalesReceipt', salesLine)).toEqual(trackedAs)
  })

  it('tracks a vendor credit’s, a purchase’s and a purchase order’s expense lines against the department, after their class', () => {
    expect(lineTrackingOf(quickbooksBillCreditNotes, 'VendorCredit', expenseLine)).toEqual(trackedAs)
    expect(lineTrackingOf(quickbooksDirectCosts, 'Purchase', expenseLine)).toEqual(trackedAs)
    expect(lineTrackingOf(quickbooksPurchaseOrders, 'PurchaseOrder', expenseLine)).toEqual(trackedAs)
  })
})

describe('QuickBooks credit memos and vendor credits', () => {
  it('reads a credit memo’s sales lines and what is left of it: all of it Submitted, none Paid', () => {
    const { records } = readAll(quickbooksCreditNotes, 'credit-memos.json')
    expect(records.map((record) => [record.data.creditNoteNumber, record.data.status, record.data.totalAmount, record.data.remainingCredit])).toEqual([
      ['CN-00001', 'Submitted', 540.23, 540.23],
      ['CN-00007', 'Paid', 610, 0],
    ])
    expect(records[0]!.data).toMatchObject({ customerRef: { id: expect.any(String), companyName: expect.any(String) }, subTotal: 514.5, totalTaxAmount: 25.73, totalDiscount: 0, discountPercentage: 0, issueDate: expect.stringMatching(/T00:00:00Z$/) })
    expect(records[0]!.data.lineItems!.reduce((sum, line) => sum + Math.round(line.subTotal! * 100), 0)).toBe(51_450)
  })

  it('reads a vendor credit’s expense lines and its vendor', () => {
    const { records } = readAll(quickbooksBillCreditNotes, 'vendor-credits.json')
    expect(records.map((record) => [record.data.billCreditNoteNumber, record.data.status, record.data.totalAmount, record.data.totalTaxAmount, record.data.subTotal])).toEqual([
      ['BCN-00001', 'Submitted', 1436.4, 239.4, 1197],
      ['BCN-00002', 'Submitted', 287.39, 45.89, 241.5],
    ])
    expect(records[0]!.data.supplierRef).toEqual({ id: expect.any(String), supplierName: expect.any(String) })
    expect(records[0]!.data.lineItems).toHaveLength(1)
  })
})

describe('QuickBooks bank accounts', () => {
  it('asks for the bank and card accounts of the chart, inactive ones too', () => {
    expect(queryOf(quickbooksBankAccounts.request(context, undefined).url)).toBe(
      "SELECT * FROM Account WHERE AccountType IN ('Bank', 'Credit Card') AND Active IN (true, false) ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000",
    )
  })

  it('reads each with the account’s id, a card as Credit', () => {
    const { records } = readAll(quickbooksBankAccounts, 'bank-accounts.json')
    expect(records.map((record) => record.data)).toEqual([
      { id: '1', accountType: 'Debit', accountName: 'Business Current Account', nominalCode: '090', currency: 'GBP', balance: expect.any(Number), sourceModifiedDate: expect.any(String) },
      { id: '2', accountType: 'Credit', accountName: 'Company Card', nominalCode: '2100', currency: 'GBP', balance: 1250.4, sourceModifiedDate: expect.any(String) },
    ])
  })
})

describe('QuickBooks company', () => {
  it('reads Preferences for the home currency, then CompanyInfo for the record', () => {
    expect(quickbooksCompany.request(context, undefined).url).toBe(`${BASE_URL}/preferences?minorversion=75`)
    const first = quickbooksCompany.read(answer(fixture('preferences.json')), context, undefined)
    expect(first).toEqual({ records: [], next: { step: 'companyInfo', homeCurrency: 'GBP' } })
    expect(quickbooksCompany.request(context, first.next).url).toBe(`${BASE_URL}/companyinfo/${REALM_ID}?minorversion=75`)
    const second = quickbooksCompany.read(answer(fixture('company-info.json')), context, first.next)
    expect(second.next).toBeUndefined()
    expect(second.records).toEqual([
      {
        id: REALM_ID,
        modifiedAt: new Date('2025-02-17T00:00:00Z'),
        data: {
          companyName: 'Meadow Engineering',
          companyLegalName: 'Meadow Engineering',
          addresses: [{ type: 'Billing', line1: '108 Station Road', city: 'Leeds', postalCode: 'LS1 4DY', country: 'GB' }],
          phoneNumbers: [{ number: '+44 20 7946 0044', type: 'Primary' }],
          webLinks: [{ type: 'Website', url: 'https://meadow-engineering.example' }],
          baseCurrency: 'GBP',
          createdDate: '2022-06-27T00:00:00Z',
          // The financial year starting in April that the company started in.
          financialYearStartDate: '2022-04-01T00:00:00Z',
          accountingPlatformRef: REALM_ID,
        },
      },
    ])
    expect(DATA_TYPE_DEFINITIONS.company.schema.parse(second.records[0]!.data)).toEqual(second.records[0]!.data)
  })

  it('reports a Fault as such', () => {
    expect(() => quickbooksCompany.read(answer({ Fault: { Error: [{ Message: 'Object Not Found', Detail: 'gone' }], type: 'ValidationFault' } }), context, { step: 'companyInfo', homeCurrency: 'GBP' })).toThrow(
      new DataSourceError('QuickBooks answered with a fault: ValidationFault: Object Not Found: gone'),
    )
  })
})

describe('QuickBooks journal entries, from the JournalReport', () => {
  const first = readAll(quickbooksJournalEntries, 'journal-report.json')

  it('reads the current fiscal year first, then everything dated after it, then each year before it by dates', () => {
    expect(quickbooksJournalEntries.request(context, undefined).url).toBe(`${BASE_URL}/reports/JournalReport?date_macro=This%20Fiscal%20Year&minorversion=75`)
    expect(first.next).toEqual({ step: 'future', fiscalYearStart: '2025-01-01' })
    expect(quickbooksJournalEntries.request(context, first.next).url).toBe(`${BASE_URL}/reports/JournalReport?start_date=2026-01-01&end_date=2125-12-31&minorversion=75`)
    // A transaction dated next year is read from the future window, and the years before come after it.
    const future = quickbooksJournalEntries.read(answer(fixture('journal-report.json')), context, first.next)
    expect(future.records.length).toBeGreaterThan(0)
    expect(future.next).toEqual({ fiscalYearStart: '2025-01-01', yearsBack: 1, emptyYears: 0 })
    expect(quickbooksJournalEntries.request(context, future.next).url).toBe(`${BASE_URL}/reports/JournalReport?start_date=2024-01-01&end_date=2024-12-31&minorversion=75`)
    expect(quickbooksJournalEntries.request(context, { fiscalYearStart: '2025-04-06', yearsBack: 2, emptyYears: 0 }).url).toBe(
      `${BASE_URL}/reports/JournalReport?start_date=2023-04-06&end_date=2024-04-05&minorversion=75`,
    )
  })

  it('stops after two past years in a row without a transaction', () => {
    const empty = { Header: { ReportName: 'JournalReport', StartPeriod: '2023-01-01', EndPeriod: '2023-12-31' }, Columns: { Column: [] }, Rows: {} }
    const once = quickbooksJournalEntries.read(answer(empty), context, { fiscalYearStart: '2025-01-01', yearsBack: 2, emptyYears: 0 })
    expect(once).toEqual({ records: [], next: { fiscalYearStart: '2025-01-01', yearsBack: 3, emptyYears: 1 } })
    expect(quickbooksJournalEntries.read(answer(empty), context, once.next).next).toBeUndefined()
    // A year with transactions between empty ones starts the count again.
    expect(quickbooksJournalEntries.read(answer(fixture('journal-report.json')), context, once.next).next).toEqual({ fiscalYearStart: '2025-01-01', yearsBack: 4, emptyYears: 0 })
  })

  it('an incremental sync ends by asking which transactions were deleted, their entries marked deleted', () => {
    const incremental = { ...context, modifiedSince: new Date('2025-02-20T00:00:00Z') }
    const empty = { Header: { ReportName: 'JournalReport', Time: '2025-03-01T09:00:00+00:00', StartPeriod: '2022-01-01', EndPeriod: '2022-12-31' }, Columns: { Column: [] }, Rows: {} }
    const last = quickbooksJournalEntries.read(answer(empty), incremental, { fiscalYearStart: '2025-01-01', yearsBack: 3, emptyYears: 1 })
    expect(last).toEqual({ records: [], next: { step: 'deleted' } })
    expect(quickbooksJournalEntries.request(incremental, last.next).url).toBe(
      `${BASE_URL}/cdc?entities=Invoice,Bill,Payment,BillPayment,CreditMemo,VendorCredit,SalesReceipt,Purchase,Transfer,JournalEntry,Deposit,RefundReceipt&changedSince=2025-02-20T00%3A00%3A00%2B00%3A00&minorversion=75`,
    )
    const deleted = (entity: string, id: string) => ({ [entity]: [{ domain: 'QBO', status: 'Deleted', Id: id }] })
    const cdc = { CDCResponse: [{ QueryResponse: [deleted('Invoice', '115'), deleted('BillPayment', '4'), deleted('Purchase', '9'), deleted('JournalEntry', '3'), deleted('Deposit', '12'), deleted('RefundReceipt', '7')] }] }
    expect(quickbooksJournalEntries.read(answer(cdc), incremental, last.next).deletedIds).toEqual([
      'Invoice-115',
      'BillPaymentCheck-4',
      'BillPaymentCreditCard-4',
      'Expense-9',
      'Check-9',
      'CashExpense-9',
      'CreditCardExpense-9',
      // A card credit is a Purchase too: the report names it Credit Card Credit.
      'CreditCardCredit-9',
      'JournalEntry-3',
      'Deposit-12',
      // A refund receipt is a "Refund" in QuickBooks' reports.
      'Refund-7',
    ])
    // A whole sync does not ask, nor one whose bound is past the 30 days QuickBooks keeps.
    expect(quickbooksJournalEntries.read(answer(empty), context, { fiscalYearStart: '2025-01-01', yearsBack: 3, emptyYears: 1 })).toEqual({ records: [], next: undefined })
    const later = { ...empty, Header: { ...empty.Header, Time: '2025-04-01T00:00:00+00:00' } }
    expect(quickbooksJournalEntries.read(answer(later), incremental, { fiscalYearStart: '2025-01-01', yearsBack: 3, emptyYears: 1 })).toEqual({ records: [], next: undefined })
  })

  it('makes one entry per transaction, each line debit less credit on its account, and refers to the record it posts', () => {
    expect(first.records.map((record) => record.data)).toEqual([
      {
        id: 'JournalEntry-23',
        description: 'Journal Entry MJ-00323',
        postedOn: '2025-01-02T00:00:00Z',
        journalLines: [
          { netAmount: 1860.7, accountRef: { id: '19', name: 'Salaries' }, description: 'PAYE and NI' },
          { netAmount: -1860.7, accountRef: { id: '30', name: 'PAYE Payable' }, description: 'PAYE and NI' },
        ],
      },
      {
        id: 'Payment-93',
        description: 'Payment',
        postedOn: '2025-01-03T00:00:00Z',
        recordRef: { id: '93', dataType: 'payments' },
        journalLines: [
          { netAmount: 16781.52, accountRef: { id: '1', name: 'Business Current Account' }, description: 'Card received' },
          { netAmount: -16781.52, accountRef: { id: '23', name: 'Accounts Receivable' }, description: 'INV-00053' },
        ],
      },
      expect.objectContaining({ id: 'Bill-76', description: 'Bill BILL-00076', recordRef: { id: '76', dataType: 'bills' } }),
      expect.objectContaining({ id: 'Invoice-115', description: 'Invoice INV-00115', recordRef: { id: '115', dataType: 'invoices' } }),
    ])
    for (const record of first.records) expect(record.data.journalLines!.reduce((sum, line) => sum + Math.round(line.netAmount * 100), 0), record.id).toBe(0)
    expect(first.records[2]!.data.journalLines!.map((line) => line.netAmount)).toEqual([42.99, 463, 6728, 1440.35, -8674.34])
  })

  it('refuses a report whose StartPeriod is not a day, and a stored cursor that is not one, as a map error (not a crash)', () => {
    const body = { Header: { ReportName: 'JournalReport', StartPeriod: '2025-01-01T00:00:00Z' }, Columns: { Column: [] }, Rows: {} }
    expect(() => quickbooksJournalEntries.read(answer(body), context, undefined)).toThrow(DataSourceError)
    expect(() => quickbooksJournalEntries.request(context, { fiscalYearStart: '2025-01-01T10:00:00', yearsBack: 1, emptyYears: 0 })).toThrow(DataSourceError)
  })

  it('reads a report whose lines are all Data rows, by column type whatever the order', () => {
    const columns = ['account_name', 'debt_amt', 'credit_amt', 'tx_date', 'txn_type', 'doc_num'].map((ColType) => ({ ColType }))
    const row = (cells: Array<{ value: string; id?: string }>) => ({ type: 'Data', ColData: cells })
    const body = {
      Header: { StartPeriod: '2025-01-01' },
      Columns: { Column: columns },
      Rows: {
        Row: [
          row([{ value: 'Checking', id: '35' }, { value: '1,200.00' }, { value: '' }, { value: '2025-02-03' }, { value: 'Deposit', id: '8' }, { value: '' }]),
          row([{ value: 'Sales', id: '79' }, { value: '' }, { value: '1,200.00' }, { value: '' }, { value: '' }, { value: '' }]),
        ],
      },
    }
    expect(quickbooksJournalEntries.read(answer(body), context, undefined).records.map((record) => record.data)).toEqual([
      {
        id: 'Deposit-8',
        description: 'Deposit',
        postedOn: '2025-02-03T00:00:00Z',
        journalLines: [
          { netAmount: 1200, accountRef: { id: '35', name: 'Checking' } },
          { netAmount: -1200, accountRef: { id: '79', name: 'Sales' } },
        ],
      },
    ])
  })

  it('refuses a report without its Header and Columns, and a cursor it did not make', () => {
    expect(() => quickbooksJournalEntries.read(answer({ Rows: {} }), context, undefined)).toThrow(new DataSourceError("QuickBooks' JournalReport has no Header or Columns.Column."))
    expect(() => quickbooksJournalEntries.request(context, { page: 2 })).toThrow(DataSourceError)
  })

  it('a statement’s sync asks for today’s JournalReport and stores nothing', () => {
    const balanceSheet = quickbooksLedgerStatementSource('balanceSheet')
    expect(balanceSheet.request(context, undefined).url).toBe(`${BASE_URL}/reports/JournalReport?date_macro=Today&minorversion=75`)
    expect(balanceSheet.read(answer(fixture('journal-report.json')), context, undefined)).toEqual({ records: [], next: undefined, totalRecords: 0 })
  })
})

describe('QuickBooks Online in the catalogue', () => {
  it('declares exactly the data types Linkway reads from it', () => {
    const quickbooks = platformDefinitions.find(({ key }) => key === 'qhyg')!
    expect(quickbooks.datatypeFeatures.map(({ datatype }) => datatype).sort()).toEqual(Object.keys(quickbooksOnlineDataSources).sort())
  })
})

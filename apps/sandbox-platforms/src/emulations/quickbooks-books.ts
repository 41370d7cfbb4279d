/**
 * @module QuickBooks Online's entities beyond invoices, customers and accounts, presented in Intuit's shapes (the
 * v3 entity schemas): Vendor, Bill, Payment, BillPayment, CreditMemo, VendorCredit, and the company's CompanyInfo and
 * Preferences. Each is one generated sandbox record; an entity's `Id` is its record's index + 1 and a reference to
 * another entity is that entity's index + 1, as the ledger's accounts are, so the books refer to each other by the
 * ids QuickBooks would give.
 */
import { isoDate, isoWithOffset } from '../date-formats.js'
import { hashText } from '../deterministic-random.js'
import {
  accountingCompany,
  accountingPayments,
  baseRateOf,
  items,
  ledgerAccounts,
  type AccountingPayment,
  type Bill,
  type BillPayment,
  type Company,
  type Contact,
  type CreditNote,
  type LineItem,
  type SandboxTrackingCategory,
  trackingCategories,
} from '../datasets/index.js'
import * as words from '../datasets/word-lists.js'
import { baseCurrencyOf, type Currency, type GenerationContext, type Ref } from '../generated-data.js'

export const CURRENCY_NAMES: Record<Currency, string> = { GBP: 'British Pound Sterling', USD: 'United States Dollar', EUR: 'Euro' }

export function metaData(record: { modifiedDate: string }, createdMs: number): { CreateTime: string; LastUpdatedTime: string } {
  return { CreateTime: isoWithOffset(createdMs), LastUpdatedTime: isoWithOffset(Date.parse(record.modifiedDate)) }
}

/** Intuit's `ReferenceType`: the referenced entity's Id (its generated index + 1) and its name. */
export function refTo(ref: Ref): { value: string; name: string } {
  return { value: String(ref.index + 1), name: ref.name }
}

function currencyRef(currency: Currency): { value: Currency; name: string } {
  return { value: currency, name: CURRENCY_NAMES[currency] }
}

/** A transaction's currency, and its ExchangeRate (home currency units per unit of its own) when that is not the company's. */
function currencyOf(ctx: GenerationContext, currency: Currency): Record<string, unknown> {
  return { CurrencyRef: currencyRef(currency), ...(currency === baseCurrencyOf(ctx) ? {} : { ExchangeRate: baseRateOf(ctx, currency) }) }
}

/**
 * The sandbox's tracking tree split as a QuickBooks company splits it: its regions are Departments (QuickBooks'
 * locations), the rest Classes. A sub-class or sub-department names its parent.
 */
export function isRegionCategory(ctx: GenerationContext, category: SandboxTrackingCategory, index: number): boolean {
  if (category.name.startsWith('Region')) return true
  if (category.parentId === undefined) return false
  const parentIndex = findIndexOfId(ctx, category.parentId, index)
  return parentIndex !== undefined && trackingCategories.generate(ctx, parentIndex).name.startsWith('Region')
}

/** A parent comes before its children in the same round of the tree, so it is searched backwards from the child. */
export function findIndexOfId(ctx: GenerationContext, id: string, before: number): number | undefined {
  for (let index = before - 1; index >= 0; index--) if (trackingCategories.idOf(ctx, index) === id) return index
  return undefined
}

/** A line's tracking: a class on the line, or a region, which QuickBooks tracks per transaction as its Department. */
export function trackingOf(ctx: GenerationContext, line: LineItem): { classRef?: { value: string; name: string }; departmentRef?: { value: string; name: string } } {
  const ref = line.trackingCategoryRef
  if (ref === undefined) return {}
  const isRegion = isRegionCategory(ctx, trackingCategories.generate(ctx, ref.index), ref.index)
  return isRegion ? { departmentRef: refTo(ref) } : { classRef: refTo(ref) }
}

/** A transaction's one department: the first region one of its lines is tracked against. */
export function departmentOf(ctx: GenerationContext, lines: readonly LineItem[]): { DepartmentRef: { value: string; name: string } } | undefined {
  for (const line of lines) {
    const { departmentRef } = trackingOf(ctx, line)
    if (departmentRef !== undefined) return { DepartmentRef: departmentRef }
  }
  return undefined
}

/** The ledger account (its Intuit ReferenceType) at a chart code, when the grant's chart is long enough to have it. */
function ledgerAccountRef(ctx: GenerationContext, code: string): { value: string; name: string } | undefined {
  const index = words.CHART_OF_ACCOUNTS.findIndex((entry) => entry.code === code)
  return index >= 0 && index < ledgerAccounts.size(ctx) ? refTo(ledgerAccounts.refTo(ctx, index, (account) => account.name)) : undefined
}

/** The Checking account money is paid from and into: the chart's first bank account. */
function checkingRef(ctx: GenerationContext): { value: string; name: string } | undefined {
  const bank = words.CHART_OF_ACCOUNTS.find((entry) => entry.isBank === true)
  return bank === undefined ? undefined : ledgerAccountRef(ctx, bank.code)
}

/** QuickBooks' payment methods are entities of their own; the emulation numbers the sandbox's in their list order. */
function paymentMethodRef(method: (typeof words.PAYMENT_METHODS)[number]): { value: string; name: string } {
  return { value: String(words.PAYMENT_METHODS.indexOf(method) + 1), name: method }
}

function taxCodeOf(line: LineItem): { value: string } {
  return { value: line.taxAmount > 0 ? 'TAX' : 'NON' }
}

const paymentsByInvoice = new WeakMap<GenerationContext, ReadonlyMap<number, readonly number[]>>()

/**
 * The payments applied to invoice `index` (each pays one invoice, chosen at random): QuickBooks lists them on the
 * invoice as `LinkedTxn`. Found once per request's context by one pass over the payments, so a page of invoices
 * does not scan them again for each.
 */
export function paymentsAppliedTo(ctx: GenerationContext, index: number): readonly number[] {
  let byInvoice = paymentsByInvoice.get(ctx)
  if (byInvoice === undefined) {
    const found = new Map<number, number[]>()
    for (let payment = 0; payment < accountingPayments.size(ctx); payment++) {
      const invoice = accountingPayments.generate(ctx, payment).invoiceRef?.index
      if (invoice !== undefined) found.set(invoice, [...(found.get(invoice) ?? []), payment])
    }
    byInvoice = found
    paymentsByInvoice.set(ctx, byInvoice)
  }
  return byInvoice.get(index) ?? []
}

export function presentVendor(contact: Contact, index: number): Record<string, unknown> {
  return {
    Id: String(index + 1),
    SyncToken: '0',
    MetaData: metaData(contact, Date.parse(contact.modifiedDate)),
    DisplayName: contact.name,
    CompanyName: contact.name,
    GivenName: contact.contactPerson.firstName,
    FamilyName: contact.contactPerson.lastName,
    PrimaryEmailAddr: { Address: contact.emailAddress },
    PrimaryPhone: { FreeFormNumber: contact.phone },
    BillAddr: { Line1: contact.address.line1, City: contact.address.city, PostalCode: contact.address.postalCode, Country: contact.address.country },
    CurrencyRef: currencyRef(contact.defaultCurrency),
    Active: contact.status === 'Active',
  }
}

/**
 * An item the company sells (`sales`) or buys (`purchases`), chosen by the document's line: QuickBooks names one on
 * every sales line, and on a purchase line made for an item.
 */
export function itemRefOf(ctx: GenerationContext, documentId: string, position: number, side: 'sales' | 'purchases'): { value: string; name: string } | undefined {
  const size = items.size(ctx)
  const start = hashText(`${documentId}.${position}.item`) % Math.max(size, 1)
  for (let step = 0; step < size; step++) {
    const index = (start + step) % size
    const item = items.generate(ctx, index)
    if (item[side] !== undefined) return { value: String(index + 1), name: item.name }
  }
  return undefined
}

/**
 * Purchase lines as QuickBooks keeps most of them: an amount posted to an expense account, no quantity; a class where
 * the line is tracked against one. With `documentId` (a bill's), half the lines, chosen by the line, are for an item
 * bought (ItemBasedExpenseLineDetail: the item, its quantity and unit price, and no account, which is the item's).
 */
export function expenseLines(ctx: GenerationContext, lines: readonly LineItem[], zeroed: boolean, documentId?: string): Array<Record<string, unknown>> {
  return lines.map((line, position) => {
    const { classRef } = trackingOf(ctx, line)
    const itemRef = documentId === undefined || hashText(`${documentId}.${position}.itemBased`) % 2 === 1 ? undefined : itemRefOf(ctx, documentId, position, 'purchases')
    const common = { Id: String(position + 1), LineNum: position + 1, Description: line.description, Amount: zeroed ? 0 : line.subTotal }
    const tracked = { ...(classRef ? { ClassRef: classRef } : {}), TaxCodeRef: taxCodeOf(line), BillableStatus: 'NotBillable' }
    // Voiding zeroes an item line's quantity and price too, as it does a sales line's.
    if (itemRef !== undefined) return { ...common, DetailType: 'ItemBasedExpenseLineDetail', ItemBasedExpenseLineDetail: { ItemRef: itemRef, Qty: zeroed ? 0 : line.quantity, UnitPrice: zeroed ? 0 : line.unitAmount, ...tracked } }
    return { ...common, DetailType: 'AccountBasedExpenseLineDetail', AccountBasedExpenseLineDetail: { ...(line.accountRef ? { AccountRef: refTo(line.accountRef) } : {}), ...tracked } }
  })
}

/** Sales lines with their subtotal line, as a credit memo and a sales receipt keep them; a class where the line is tracked against one. */
export function salesLines(ctx: GenerationContext, lines: readonly LineItem[], subTotal: number): Array<Record<string, unknown>> {
  return [
    ...lines.map((line, position) => {
      const { classRef } = trackingOf(ctx, line)
      return {
        Id: String(position + 1),
        LineNum: position + 1,
        Description: line.description,
        Amount: line.subTotal,
        DetailType: 'SalesItemLineDetail',
        SalesItemLineDetail: { Qty: line.quantity, UnitPrice: line.unitAmount, ...(line.accountRef ? { ItemAccountRef: refTo(line.accountRef) } : {}), ...(classRef ? { ClassRef: classRef } : {}), TaxCodeRef: taxCodeOf(line) },
      }
    }),
    { Amount: subTotal, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} },
  ]
}

/**
 * How a voided transaction says so, besides its zeroed amounts: QuickBooks notes "Voided" in its PrivateNote, and its
 * Transaction type has a TxnStatus. The first voided document of a list (its third) and those at even places carry the
 * note only; those at odd places (the fourth is voided too) TxnStatus "Voided" and no note (a note can be edited
 * after), so a reader that knows only one of the two ways is caught.
 */
export function voidMarkOf(index: number): Record<string, string> {
  return index % 2 === 1 ? { TxnStatus: 'Voided' } : { PrivateNote: 'Voided' }
}

/** A bill. QuickBooks has no draft bills: a Draft one is an open bill; a Void one keeps its lines with every amount zeroed, as voiding does. */
export function presentBill(ctx: GenerationContext, bill: Bill, index: number): Record<string, unknown> {
  const isVoided = bill.status === 'Void'
  const amount = (value: number) => (isVoided ? 0 : value)
  const payables = ledgerAccountRef(ctx, '800')
  return {
    Id: String(index + 1),
    SyncToken: '0',
    MetaData: metaData(bill, Date.parse(bill.issueDate)),
    DocNumber: bill.reference,
    TxnDate: isoDate(Date.parse(bill.issueDate)),
    DueDate: isoDate(Date.parse(bill.dueDate)),
    ...(bill.supplierRef ? { VendorRef: refTo(bill.supplierRef) } : {}),
    ...(payables ? { APAccountRef: payables } : {}),
    ...departmentOf(ctx, bill.lineItems),
    ...currencyOf(ctx, bill.currency),
    ...(isVoided ? voidMarkOf(index) : {}),
    Line: expenseLines(ctx, bill.lineItems, isVoided, bill.id),
    TxnTaxDetail: { TotalTax: amount(bill.totalTaxAmount) },
    TotalAmt: amount(bill.totalAmount),
    Balance: isVoided || bill.status === 'Draft' ? amount(bill.totalAmount) : bill.amountDue,
  }
}

/**
 * The memo a bookkeeper types on a payment received (QuickBooks' `PrivateNote`, which the payments mapping reads as the
 * payment's note): every third payment carries one, naming how and for what it came in, so a sync meets payments
 * with a note and without.
 */
export function paymentNoteOf(payment: AccountingPayment, index: number): string | undefined {
  if (index % 3 !== 2) return undefined
  return `${payment.paymentMethod} received ${payment.invoiceRef ? `for ${payment.invoiceRef.name}` : 'on account'}`
}

/** Money received, applied to the invoice it pays (`Line.LinkedTxn`), or held unapplied when it pays none. */
export function presentPayment(ctx: GenerationContext, payment: AccountingPayment, index: number): Record<string, unknown> {
  const deposit = checkingRef(ctx)
  const note = paymentNoteOf(payment, index)
  return {
    Id: String(index + 1),
    SyncToken: '0',
    MetaData: metaData(payment, Date.parse(payment.date)),
    TxnDate: isoDate(Date.parse(payment.date)),
    ...(payment.customerRef ? { CustomerRef: refTo(payment.customerRef) } : {}),
    ...(deposit ? { DepositToAccountRef: deposit } : {}),
    PaymentMethodRef: paymentMethodRef(payment.paymentMethod),
    ...(payment.invoiceRef ? { PaymentRefNum: payment.invoiceRef.name } : {}),
    ...(note !== undefined ? { PrivateNote: note } : {}),
    ...currencyOf(ctx, payment.currency),
    TotalAmt: payment.amount,
    UnappliedAmt: payment.invoiceRef ? 0 : payment.amount,
    Line: payment.invoiceRef ? [{ Amount: payment.amount, LinkedTxn: [{ TxnId: String(payment.invoiceRef.index + 1), TxnType: 'Invoice' }] }] : [],
  }
}

/** A bill paid by cheque from Checking (`PayType` Check), applied to the bill it pays; without one, a payment on account. */
export function presentBillPayment(ctx: GenerationContext, payment: BillPayment, index: number): Record<string, unknown> {
  const bank = payment.accountRef ? refTo(payment.accountRef) : checkingRef(ctx)
  return {
    Id: String(index + 1),
    SyncToken: '0',
    MetaData: metaData(payment, Date.parse(payment.date)),
    DocNumber: payment.reference,
    TxnDate: isoDate(Date.parse(payment.date)),
    ...(payment.supplierRef ? { VendorRef: refTo(payment.supplierRef) } : {}),
    PayType: 'Check',
    CheckPayment: { ...(bank ? { BankAccountRef: bank } : {}), PrintStatus: 'NotSet' },
    ...currencyOf(ctx, payment.currency),
    TotalAmt: payment.amount,
    Line: payment.billRef ? [{ Amount: payment.amount, LinkedTxn: [{ TxnId: String(payment.billRef.index + 1), TxnType: 'Bill' }] }] : [],
  }
}

/** A credit memo: sales lines, and the credit still to use (`Balance`, also given as `RemainingCredit`). */
export function presentCreditMemo(note: CreditNote, index: number, ctx: GenerationContext): Record<string, unknown> {
  return {
    Id: String(index + 1),
    SyncToken: '0',
    MetaData: metaData(note, Date.parse(note.issueDate)),
    DocNumber: note.creditNoteNumber,
    TxnDate: isoDate(Date.parse(note.issueDate)),
    ...(note.contactRef ? { CustomerRef: refTo(note.contactRef) } : {}),
    ...departmentOf(ctx, note.lineItems),
    CurrencyRef: currencyRef(note.currency),
    Line: salesLines(ctx, note.lineItems, note.subTotal),
    TxnTaxDetail: { TotalTax: note.totalTaxAmount },
    TotalAmt: note.totalAmount,
    Balance: note.remainingCredit,
    RemainingCredit: note.remainingCredit,
  }
}

/** A vendor credit: expense lines, and what is left of it to set against bills (`Balance`). */
export function presentVendorCredit(note: CreditNote, index: number, ctx: GenerationContext): Record<string, unknown> {
  return {
    Id: String(index + 1),
    SyncToken: '0',
    MetaData: metaData(note, Date.parse(note.issueDate)),
    DocNumber: note.creditNoteNumber,
    TxnDate: isoDate(Date.parse(note.issueDate)),
    ...(note.contactRef ? { VendorRef: refTo(note.contactRef) } : {}),
    ...departmentOf(ctx, note.lineItems),
    CurrencyRef: currencyRef(note.currency),
    Line: expenseLines(ctx, note.lineItems, false),
    TxnTaxDetail: { TotalTax: note.totalTaxAmount },
    TotalAmt: note.totalAmount,
    Balance: note.remainingCredit,
  }
}

/** `GET /companyinfo/{realmId}`: the company's names, addresses and contact details (its currency is in Preferences). */
export function presentCompanyInfo(ctx: GenerationContext, realmId: string): Record<string, unknown> {
  const company: Company = accountingCompany.generate(ctx)
  const address = { Line1: company.address.line1, City: company.address.city, PostalCode: company.address.postalCode, Country: company.address.country }
  return {
    Id: '1',
    SyncToken: '0',
    MetaData: metaData(company, Date.parse(company.createdDate)),
    CompanyName: company.companyName,
    LegalName: company.legalName,
    CompanyAddr: address,
    LegalAddr: address,
    CustomerCommunicationAddr: address,
    PrimaryPhone: { FreeFormNumber: company.phone },
    WebAddr: { URI: company.websiteUrl },
    CompanyStartDate: isoDate(Date.parse(company.createdDate)),
    FiscalYearStartMonth: 'January',
    Country: company.address.country,
    NameValue: [{ Name: 'CompanyType', Value: 'Limited' }, { Name: 'RealmId', Value: realmId }],
  }
}

/** `GET /preferences`: only what Linkway reads of it, the home currency (and that multicurrency is on). */
export function presentPreferences(ctx: GenerationContext): Record<string, unknown> {
  const company = accountingCompany.generate(ctx)
  return {
    Id: '1',
    SyncToken: '0',
    MetaData: metaData(company, Date.parse(company.createdDate)),
    CurrencyPrefs: { MultiCurrencyEnabled: true, HomeCurrency: { value: company.baseCurrency } },
  }
}

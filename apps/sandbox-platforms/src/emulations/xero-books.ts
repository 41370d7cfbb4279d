/**
 * @module Xero's books in Xero's shapes, from the sandbox's generated ledger: contacts of both kinds, bills (Invoices
 * of Type ACCPAY), the payments on invoices and bills (Payments, and each document's own Payments list), credit notes
 * of both kinds, the general ledger (Journals), tax rates, tracking categories, items, purchase orders, bank
 * transfers and bank transactions. Every amount and id is the dataset's, so what the journal posts is what the
 * documents say, and every reference (an account, a tax rate, a contact) is to a record Xero also serves.
 */
import { hashText, uuidFrom } from '../deterministic-random.js'
import {
  accountingPayments,
  baseRateOf,
  bankLedgerRef,
  billPayments,
  items,
  ledgerAccounts,
  taxRates,
  trackingCategories,
  type AccountingPayment,
  type Bill,
  type BillPayment,
  type Contact,
  type CreditNote,
  type DocumentStatus,
  type JournalEntry,
  type LedgerAccount,
  type LineItem,
  type PurchaseOrder,
  type SandboxItem,
  type SandboxTaxRate,
  type SandboxTransfer,
  type SandboxBankTransaction,
  type ItemDefaults,
  type Invoice,
} from '../datasets/index.js'
import { FIRST_NAMES, LAST_NAMES } from '../datasets/word-lists.js'
import { slugOf, toMoney } from '../datasets/record-parts.js'
import { baseCurrencyOf, type GenerationContext } from '../generated-data.js'

/** `/Date(1518685950940+0000)/`: how Xero's JSON writes instants. */
export function xeroJsonDate(ms: number): string {
  return `/Date(${ms}+0000)/`
}

/** A dataset's ISO instant as Xero's JSON writes it. */
function xeroDateOf(iso: string): string {
  return xeroJsonDate(Date.parse(iso))
}

const INVOICE_STATUS: Record<DocumentStatus, string> = { Draft: 'DRAFT', Submitted: 'AUTHORISED', PartiallyPaid: 'AUTHORISED', Paid: 'PAID', Void: 'VOIDED' }

/**
 * A document's Xero status. A draft is either still being written (DRAFT) or sent for approval (SUBMITTED, which
 * Xero's approval workflow adds): the drafts at odd places in the list are the latter (the list's first two
 * documents are drafts, so a book has one of each).
 */
function documentStatusOf(status: DocumentStatus, index: number): string {
  return status === 'Draft' && index % 2 === 1 ? 'SUBMITTED' : INVOICE_STATUS[status]
}

/**
 * How a document's LineAmount is written: net of tax (Exclusive), gross of it (Inclusive), or with no tax at all
 * (NoTax, a document none of whose lines is taxed). Xero keeps the choice per document; of the taxed documents,
 * half (chosen by their id) are Inclusive.
 */
export type LineAmountType = 'Exclusive' | 'Inclusive' | 'NoTax'

export function lineAmountTypeOf(documentId: string, lines: readonly LineItem[]): LineAmountType {
  if (lines.every((line) => line.taxAmount === 0)) return 'NoTax'
  return hashText(`${documentId}.lineAmountTypes`) % 2 === 0 ? 'Inclusive' : 'Exclusive'
}

/**
 * Xero's CurrencyRate: units of the document's currency per unit of the organisation's (1 when they are the same),
 * the inverse of the dataset's rate, to the ten places Xero keeps.
 */
function xeroCurrencyRateOf(ctx: GenerationContext, currency: Invoice['currency']): number {
  if (currency === baseCurrencyOf(ctx)) return 1
  return Math.round((1 / baseRateOf(ctx, currency)) * 1e10) / 1e10
}

export const ACCOUNT_CLASS: Record<LedgerAccount['type'], string> = { Asset: 'ASSET', Liability: 'LIABILITY', Equity: 'EQUITY', Income: 'REVENUE', Expense: 'EXPENSE' }
const ACCOUNT_TYPE: Record<LedgerAccount['type'], string> = { Asset: 'CURRENT', Liability: 'CURRLIAB', Equity: 'EQUITY', Income: 'REVENUE', Expense: 'EXPENSE' }

/** An account's Xero Type: BANK for a bank account, else the usual type of its class. */
export function xeroAccountType(account: LedgerAccount): string {
  return account.isBankAccount ? 'BANK' : ACCOUNT_TYPE[account.type]
}

/** A contact: a customer (sent a sales invoice) or a supplier (sent a bill), as Xero flags it. */
export function presentContact(contact: Contact, role: 'customer' | 'supplier'): Record<string, unknown> {
  return {
    ContactID: contact.id,
    ContactStatus: contact.status === 'Active' ? 'ACTIVE' : 'ARCHIVED',
    Name: contact.name,
    FirstName: contact.contactPerson.firstName,
    LastName: contact.contactPerson.lastName,
    EmailAddress: contact.emailAddress,
    ...contactDetailsOf(contact),
    IsSupplier: role === 'supplier',
    IsCustomer: role === 'customer',
    DefaultCurrency: contact.defaultCurrency,
    UpdatedDateUTC: xeroDateOf(contact.modifiedDate),
  }
}

const BLANK_ADDRESS = { AddressLine1: '', City: '', Region: '', PostalCode: '', Country: '' }

/**
 * A contact's addresses, phones and people as Xero writes them. Xero always sends both address slots (POBOX, the
 * postal address, and STREET) and all four phone slots, an unused one blank. Chosen by the contact's id: half give a
 * street address (the same as the postal one), a third keep their number in MOBILE rather than DEFAULT, and a third
 * list a second person (ContactPersons: the people besides the primary one).
 */
function contactDetailsOf(contact: Contact): Record<string, unknown> {
  const hash = hashText(`${contact.id}.details`)
  const address = { AddressLine1: contact.address.line1, City: contact.address.city, Region: '', PostalCode: contact.address.postalCode, Country: contact.address.country }
  const phoneType = hash % 3 === 0 ? 'MOBILE' : 'DEFAULT'
  const firstName = FIRST_NAMES[hash % FIRST_NAMES.length]!
  const lastName = LAST_NAMES[(hash >>> 8) % LAST_NAMES.length]!
  const domain = contact.emailAddress.slice(contact.emailAddress.indexOf('@') + 1)
  return {
    Addresses: [
      { AddressType: 'POBOX', ...address },
      { AddressType: 'STREET', ...(hash % 2 === 0 ? address : BLANK_ADDRESS) },
    ],
    Phones: ['DEFAULT', 'DDI', 'FAX', 'MOBILE'].map((type) => ({ PhoneType: type, PhoneNumber: type === phoneType ? contact.phone : '', PhoneAreaCode: '', PhoneCountryCode: '' })),
    ContactPersons: hash % 3 === 1 ? [{ FirstName: firstName, LastName: lastName, EmailAddress: `${slugOf(firstName)}.${slugOf(lastName)}@${domain}`, IncludeInEmails: false }] : [],
  }
}

/**
 * The lines of an invoice, a bill or a credit note, their LineAmount as `amountType` says: net of tax (Exclusive,
 * NoTax) or gross (Inclusive, where UnitAmount is gross too). With `isDiscountable` (a sales invoice: Xero discounts
 * no other document's lines), a third of the lines carry a DiscountRate and a third a DiscountAmount.
 */
export function presentLineItems(ctx: GenerationContext, documentId: string, lines: readonly LineItem[], amountType: LineAmountType = 'Exclusive', isDiscountable = false): Array<Record<string, unknown>> {
  const isInclusive = amountType === 'Inclusive'
  return lines.map((line, position) => ({
    LineItemID: uuidFrom(hashText(documentId), position),
    Description: line.description,
    Quantity: line.quantity,
    // Xero keeps a unit amount to four places and shows it to two (unless asked for unitdp=4); an Inclusive line's
    // gross unit amount seldom has two, and its LineAmount is the gross that the four-place amount makes.
    UnitAmount: isInclusive ? toMoney(Math.round((line.totalAmount * 100) / line.quantity)) : line.unitAmount,
    ...(isDiscountable ? discountOfLine(documentId, position, line.quantity, isInclusive ? line.totalAmount : line.subTotal) : {}),
    AccountCode: line.accountRef === undefined ? null : ledgerAccounts.generate(ctx, line.accountRef.index).nominalCode,
    AccountID: line.accountRef?.id ?? null,
    // Xero names a line's tax rate by its TaxType, the code TaxRates lists it under.
    TaxType: line.taxRateRef === undefined ? null : taxRates.generate(ctx, line.taxRateRef.index).code,
    TaxAmount: line.taxAmount,
    LineAmount: isInclusive ? line.totalAmount : line.subTotal,
    Tracking: trackingOfLine(ctx, line),
    ...itemOfLine(ctx, documentId, position),
  }))
}

/** The discount on a line, a tenth of its price: as a rate, as an amount, or none, chosen by the line. */
const LINE_DISCOUNT_PERCENT = 10

/**
 * A line's discount, with the UnitAmount it is taken from. Xero's LineAmount is after the discount (Quantity ×
 * UnitAmount less DiscountAmount, or less DiscountRate percent of it), and the dataset's amount is what the books post;
 * so the unit amount is raised to what it was before the discount, to the four places Xero keeps, and the LineAmount,
 * the document's totals and its journal stay the dataset's.
 */
function discountOfLine(documentId: string, position: number, quantity: number, lineAmount: number): Record<string, unknown> {
  const kind = hashText(`${documentId}.${position}.discount`) % 3
  const lineCents = Math.round(lineAmount * 100)
  if (kind === 0) return { UnitAmount: Math.round((lineCents * 100) / (quantity * (1 - LINE_DISCOUNT_PERCENT / 100))) / 10_000, DiscountRate: LINE_DISCOUNT_PERCENT }
  if (kind === 1) {
    const discountCents = quantity * Math.max(1, Math.round((lineCents * LINE_DISCOUNT_PERCENT) / 100 / quantity))
    return { UnitAmount: Math.round(((lineCents + discountCents) * 100) / quantity) / 10_000, DiscountAmount: toMoney(discountCents) }
  }
  return {}
}

/** What the lines' discounts take off, as Xero totals them in TotalDiscount: before the discount less after, per line. */
function totalDiscountOf(lines: ReadonlyArray<Record<string, unknown>>): number {
  let cents = 0
  for (const line of lines) {
    if (line['DiscountRate'] === undefined && line['DiscountAmount'] === undefined) continue
    cents += Math.round((line['Quantity'] as number) * (line['UnitAmount'] as number) * 100) - Math.round((line['LineAmount'] as number) * 100)
  }
  return toMoney(cents)
}

/** Half the lines name an item of the organisation's (its ItemCode, and the Item Xero adds), chosen by the line; the rest are free text. */
function itemOfLine(ctx: GenerationContext, documentId: string, position: number): Record<string, unknown> {
  const hash = hashText(`${documentId}.${position}.item`)
  const size = items.size(ctx)
  if (size === 0 || hash % 2 === 1) return {}
  const item = items.generate(ctx, (hash >>> 1) % size)
  return { ItemCode: item.code, Item: { ItemID: item.id, Name: item.name, Code: item.code } }
}

/**
 * A line's tracking as Xero lists it: the option it is tracked against with its category (Region: North). Xero's
 * categories are a tree two deep, so only an option (a node with a parent) can be; a line tracked against none has none.
 */
function trackingOfLine(ctx: GenerationContext, line: LineItem): Array<Record<string, unknown>> {
  const ref = line.trackingCategoryRef
  if (ref === undefined) return []
  const option = trackingCategories.generate(ctx, ref.index)
  if (option.parentId === undefined) return []
  let category: string | undefined
  for (let index = ref.index - 1; index >= 0 && category === undefined; index--) if (trackingCategories.idOf(ctx, index) === option.parentId) category = trackingCategories.generate(ctx, index).name
  return category === undefined ? [] : [{ TrackingCategoryID: option.parentId, Name: category, Option: option.name, TrackingOptionID: option.id }]
}

/** A payment as a document lists it under Payments: which payment, when and how much. */
interface DocumentPayment {
  PaymentID: string
  Date: string
  Amount: number
  Reference: string
  HasAccount: boolean
  HasValidationErrors: boolean
}

/**
 * The payments on each invoice and bill of one request, by document id. Payments point at documents, not the other
 * way round, so a page of documents needs every payment once: gathered on first use and kept for the request only
 * (its GenerationContext), never past it.
 */
const paymentsOfRequest = new WeakMap<GenerationContext, ReadonlyMap<string, DocumentPayment[]>>()

function paymentsOnDocument(ctx: GenerationContext, documentId: string): DocumentPayment[] {
  let byDocument = paymentsOfRequest.get(ctx)
  if (byDocument === undefined) {
    const gathering = new Map<string, DocumentPayment[]>()
    const add = (documentId: string | undefined, payment: DocumentPayment) => {
      if (documentId === undefined) return
      const list = gathering.get(documentId)
      if (list === undefined) gathering.set(documentId, [payment])
      else list.push(payment)
    }
    for (let index = 0; index < accountingPayments.size(ctx); index++) {
      const payment = accountingPayments.generate(ctx, index)
      add(payment.invoiceRef?.id, documentPaymentOf(payment.id, payment.date, payment.amount, ''))
    }
    for (let index = 0; index < billPayments.size(ctx); index++) {
      const payment = billPayments.generate(ctx, index)
      add(payment.billRef?.id, documentPaymentOf(payment.id, payment.date, payment.amount, payment.reference))
    }
    byDocument = gathering
    paymentsOfRequest.set(ctx, byDocument)
  }
  return byDocument.get(documentId) ?? []
}

function documentPaymentOf(id: string, date: string, amount: number, reference: string): DocumentPayment {
  return { PaymentID: id, Date: xeroDateOf(date), Amount: amount, Reference: reference, HasAccount: true, HasValidationErrors: false }
}

/**
 * What a sales invoice and a bill share, as Xero writes an Invoice of either Type: status, lines, totals, currency
 * and rate, and the payments on it (each in the document's currency, at its rate); FullyPaidOnDate once PAID, the
 * day of its last payment.
 */
export function presentDocument(ctx: GenerationContext, document: Invoice | Bill, index: number, isDiscountable = false): Record<string, unknown> {
  const amountType = lineAmountTypeOf(document.id, document.lineItems)
  const lineItems = presentLineItems(ctx, document.id, document.lineItems, amountType, isDiscountable)
  const totalDiscount = totalDiscountOf(lineItems)
  const currencyRate = xeroCurrencyRateOf(ctx, document.currency)
  const payments = paymentsOnDocument(ctx, document.id).map((payment) => ({ ...payment, CurrencyRate: currencyRate }))
  const lastPaidOn = document.paymentAllocations.map((allocation) => allocation.paidOnDate).sort().at(-1)
  return {
    Date: xeroDateOf(document.issueDate),
    DateString: document.issueDate.slice(0, 19),
    DueDate: xeroDateOf(document.dueDate),
    DueDateString: document.dueDate.slice(0, 19),
    Status: documentStatusOf(document.status, index),
    LineAmountTypes: amountType,
    LineItems: lineItems,
    SubTotal: document.subTotal,
    TotalTax: document.totalTaxAmount,
    Total: document.totalAmount,
    ...(totalDiscount > 0 ? { TotalDiscount: totalDiscount } : {}),
    AmountDue: document.amountDue,
    AmountPaid: Math.round((document.totalAmount - document.amountDue) * 100) / 100,
    CurrencyCode: document.currency,
    CurrencyRate: currencyRate,
    Payments: payments,
    ...(document.status === 'Paid' && lastPaidOn !== undefined ? { FullyPaidOnDate: xeroDateOf(lastPaidOn) } : {}),
    UpdatedDateUTC: xeroDateOf(document.modifiedDate),
  }
}

/** A purchase bill: an Invoice of Type ACCPAY, whose InvoiceNumber is the supplier's reference. */
export function presentBill(ctx: GenerationContext, bill: Bill, index: number): Record<string, unknown> {
  return {
    Type: 'ACCPAY',
    InvoiceID: bill.id,
    InvoiceNumber: bill.reference,
    Reference: '',
    Contact: bill.supplierRef === undefined ? null : { ContactID: bill.supplierRef.id, Name: bill.supplierRef.name },
    ...presentDocument(ctx, bill, index),
  }
}

/** The bank account money goes through, as a Payment names it. */
function paymentAccount(ctx: GenerationContext): Record<string, unknown> | null {
  const ref = bankLedgerRef(ctx)
  return ref === undefined ? null : { AccountID: ref.id, Code: ledgerAccounts.generate(ctx, ref.index).nominalCode }
}

/** Money received for a sales invoice (ACCRECPAYMENT); without an invoice, an overpayment received (AROVERPAYMENTPAYMENT). */
export function presentPayment(ctx: GenerationContext, payment: AccountingPayment): Record<string, unknown> {
  return {
    PaymentID: payment.id,
    Date: xeroDateOf(payment.date),
    Amount: payment.amount,
    Reference: '',
    IsReconciled: false,
    Status: 'AUTHORISED',
    PaymentType: payment.invoiceRef === undefined ? 'AROVERPAYMENTPAYMENT' : 'ACCRECPAYMENT',
    CurrencyRate: xeroCurrencyRateOf(ctx, payment.currency),
    Account: paymentAccount(ctx),
    ...(payment.invoiceRef === undefined
      ? {
          // Xero leaves out a field it has no value for (its reference types Contact as an object, never null).
          Overpayment: {
            OverpaymentID: uuidFrom(hashText(payment.id), 0),
            ...(payment.customerRef === undefined ? {} : { Contact: { ContactID: payment.customerRef.id, Name: payment.customerRef.name } }),
            Total: payment.amount,
            CurrencyCode: payment.currency,
          },
        }
      : {
          Invoice: {
            InvoiceID: payment.invoiceRef.id,
            InvoiceNumber: payment.invoiceRef.name,
            Type: 'ACCREC',
            Contact: payment.customerRef === undefined ? null : { ContactID: payment.customerRef.id, Name: payment.customerRef.name },
            CurrencyCode: payment.currency,
          },
        }),
    HasAccount: true,
    UpdatedDateUTC: xeroDateOf(payment.modifiedDate),
  }
}

/** Money paid for a bill (ACCPAYPAYMENT); a payment on account to a supplier is Xero's overpayment (APOVERPAYMENTPAYMENT). */
export function presentBillPayment(ctx: GenerationContext, payment: BillPayment): Record<string, unknown> {
  const contact = payment.supplierRef === undefined ? null : { ContactID: payment.supplierRef.id, Name: payment.supplierRef.name }
  return {
    PaymentID: payment.id,
    Date: xeroDateOf(payment.date),
    Amount: payment.amount,
    Reference: payment.reference,
    IsReconciled: false,
    Status: 'AUTHORISED',
    PaymentType: payment.billRef === undefined ? 'APOVERPAYMENTPAYMENT' : 'ACCPAYPAYMENT',
    CurrencyRate: xeroCurrencyRateOf(ctx, payment.currency),
    Account: paymentAccount(ctx),
    ...(payment.billRef === undefined
      ? { Overpayment: { OverpaymentID: uuidFrom(hashText(payment.id), 0), Contact: contact, Total: payment.amount, CurrencyCode: payment.currency } }
      : { Invoice: { InvoiceID: payment.billRef.id, InvoiceNumber: payment.billRef.name, Type: 'ACCPAY', Contact: contact, CurrencyCode: payment.currency } }),
    HasAccount: true,
    UpdatedDateUTC: xeroDateOf(payment.modifiedDate),
  }
}

/** Xero's credit note status: AUTHORISED until the whole credit is used, then PAID. */
const CREDIT_NOTE_STATUS: Record<CreditNote['status'], string> = { Submitted: 'AUTHORISED', PartiallyPaid: 'AUTHORISED', Paid: 'PAID' }

/**
 * The statuses the first notes of a list have when nothing was set against them: one still being written (DRAFT),
 * one awaiting approval (SUBMITTED) and one voided (VOIDED). The dataset's credits are all approved, and a book should
 * still show every state Xero has; only an unallocated note can be any of them (Xero allocates approved notes only),
 * which the dataset's first three notes are.
 */
const FIRST_CREDIT_NOTE_STATUSES = ['DRAFT', 'SUBMITTED', 'VOIDED'] as const

function creditNoteStatusOf(note: CreditNote, index: number): string {
  const first = FIRST_CREDIT_NOTE_STATUSES[index]
  return first !== undefined && note.allocations.length === 0 ? first : CREDIT_NOTE_STATUS[note.status]
}

/** A credit note to a customer (ACCRECCREDIT) or from a supplier (ACCPAYCREDIT), with the invoices or bills it was set against. */
export function presentCreditNote(ctx: GenerationContext, note: CreditNote, type: 'ACCRECCREDIT' | 'ACCPAYCREDIT', index: number): Record<string, unknown> {
  const lastAllocation = note.allocations.at(-1)
  const status = creditNoteStatusOf(note, index)
  return {
    Type: type,
    CreditNoteID: note.id,
    CreditNoteNumber: note.creditNoteNumber,
    Reference: '',
    Contact: note.contactRef === undefined ? null : { ContactID: note.contactRef.id, Name: note.contactRef.name },
    Date: xeroDateOf(note.issueDate),
    DateString: note.issueDate.slice(0, 19),
    Status: status,
    LineAmountTypes: 'Exclusive',
    LineItems: presentLineItems(ctx, note.id, note.lineItems),
    SubTotal: note.subTotal,
    TotalTax: note.totalTaxAmount,
    Total: note.totalAmount,
    // A voided note has no credit left to use, as a voided invoice has nothing due.
    RemainingCredit: status === 'VOIDED' ? 0 : note.remainingCredit,
    CurrencyCode: note.currency,
    CurrencyRate: xeroCurrencyRateOf(ctx, note.currency),
    ...(note.status === 'Paid' && lastAllocation !== undefined ? { FullyPaidOnDate: xeroDateOf(lastAllocation.allocatedOnDate) } : {}),
    Allocations: note.allocations.map((allocation, position) => ({
      AllocationID: uuidFrom(hashText(note.id), position),
      Amount: allocation.amount,
      Date: xeroDateOf(allocation.allocatedOnDate),
      Invoice: { InvoiceID: allocation.documentRef.id, InvoiceNumber: allocation.documentRef.name },
    })),
    UpdatedDateUTC: xeroDateOf(note.modifiedDate),
  }
}

/** What the journal entry posts, as Xero's Journal names its source. */
const SOURCE_TYPE: Record<NonNullable<JournalEntry['recordRef']>['dataType'], string> = {
  invoices: 'ACCREC',
  bills: 'ACCPAY',
  payments: 'ACCRECPAYMENT',
  creditNotes: 'ACCRECCREDIT',
  billCreditNotes: 'ACCPAYCREDIT',
  billPayments: 'ACCPAYPAYMENT',
  // Xero has no direct costs or incomes: they are its spend and receive money bank transactions.
  directCosts: 'CASHPAID',
  directIncomes: 'CASHREC',
}

/**
 * A general ledger entry. Xero numbers journals 1, 2, … in the order they were created, which is the dataset's
 * order; an account's code, type and name are sent on every line, as Xero does.
 */
export function presentJournal(ctx: GenerationContext, entry: JournalEntry, index: number): Record<string, unknown> {
  return {
    JournalID: entry.id,
    JournalDate: xeroDateOf(entry.postedOn),
    JournalNumber: index + 1,
    CreatedDateUTC: xeroDateOf(entry.modifiedDate),
    Reference: entry.description,
    ...(entry.recordRef === undefined ? { SourceType: 'MANJOURNAL' } : { SourceID: entry.recordRef.id, SourceType: SOURCE_TYPE[entry.recordRef.dataType] }),
    JournalLines: entry.journalLines.map((line, position) => {
      const account = line.accountRef === undefined ? undefined : ledgerAccounts.generate(ctx, line.accountRef.index)
      return {
        JournalLineID: uuidFrom(hashText(entry.id), position),
        AccountID: line.accountRef?.id ?? null,
        AccountCode: account?.nominalCode ?? null,
        AccountType: account === undefined ? null : xeroAccountType(account),
        AccountName: account?.name ?? null,
        Description: line.description,
        NetAmount: line.netAmount,
        GrossAmount: line.netAmount,
        TaxAmount: 0,
        TrackingCategories: [],
      }
    }),
  }
}

/** A percentage as Xero writes rates (20 for 20%), from the dataset's fraction. */
function percentOf(fraction: number): number {
  return Math.round(fraction * 1_000_000) / 10_000
}

/** A tax rate, named by its TaxType code (Xero's rates have no other id) and its components in percent. */
export function presentTaxRate(rate: SandboxTaxRate): Record<string, unknown> {
  return {
    Name: rate.name,
    TaxType: rate.code,
    ReportTaxType: 'OUTPUT',
    CanApplyToAssets: true,
    CanApplyToEquity: true,
    CanApplyToExpenses: true,
    CanApplyToLiabilities: true,
    CanApplyToRevenue: true,
    DisplayTaxRate: percentOf(rate.rate),
    EffectiveRate: percentOf(rate.rate),
    Status: rate.status === 'Active' ? 'ACTIVE' : 'ARCHIVED',
    TaxComponents: rate.components.map((component) => ({ Name: component.name, Rate: percentOf(component.rate), IsCompound: component.isCompound, IsNonRecoverable: false })),
  }
}

/**
 * Tracking categories with their options: the dataset's tree is two levels, which is Xero's — a category (Region)
 * and its options (North, South). Options come with the category they belong to, as Xero lists them.
 */
export function presentTrackingCategories(ctx: GenerationContext, includeArchived: boolean): Array<Record<string, unknown>> {
  const categories: Array<Record<string, unknown> & { Options: Array<Record<string, unknown>> }> = []
  const byId = new Map<string, (typeof categories)[number]>()
  for (let index = 0; index < trackingCategories.size(ctx); index++) {
    const node = trackingCategories.generate(ctx, index)
    const status = node.status === 'Active' ? 'ACTIVE' : 'ARCHIVED'
    if (!includeArchived && status === 'ARCHIVED') continue
    if (node.parentId === undefined) {
      const category = { TrackingCategoryID: node.id, Name: node.name, Status: status, Options: [] as Array<Record<string, unknown>> }
      categories.push(category)
      byId.set(node.id, category)
    } else {
      byId.get(node.parentId)?.Options.push({ TrackingOptionID: node.id, Name: node.name, Status: status })
    }
  }
  return categories
}

function itemDetails(ctx: GenerationContext, defaults: ItemDefaults | undefined): Record<string, unknown> | undefined {
  if (defaults === undefined) return undefined
  return {
    UnitPrice: defaults.unitPrice,
    AccountCode: defaults.accountRef === undefined ? null : ledgerAccounts.generate(ctx, defaults.accountRef.index).nominalCode,
    TaxType: defaults.taxRateRef === undefined ? null : taxRates.generate(ctx, defaults.taxRateRef.index).code,
  }
}

/** An item: what it sells and buys for, and whether Xero tracks its stock. Xero keeps no archived items. */
export function presentItem(ctx: GenerationContext, item: SandboxItem): Record<string, unknown> {
  return {
    ItemID: item.id,
    Code: item.code,
    Name: item.name,
    // Left out when the item has none: Xero writes no nulls, and its reference types both as strings.
    ...(item.sales?.description === undefined ? {} : { Description: item.sales.description }),
    ...(item.purchases?.description === undefined ? {} : { PurchaseDescription: item.purchases.description }),
    IsSold: item.sales !== undefined,
    IsPurchased: item.purchases !== undefined,
    IsTrackedAsInventory: item.kind === 'Inventory',
    ...(item.sales === undefined ? {} : { SalesDetails: itemDetails(ctx, item.sales) }),
    ...(item.purchases === undefined ? {} : { PurchaseDetails: itemDetails(ctx, item.purchases) }),
    UpdatedDateUTC: xeroDateOf(item.modifiedDate),
  }
}

/** An open order is AUTHORISED (sent to the supplier), a closed one BILLED. */
const PURCHASE_ORDER_STATUS: Record<PurchaseOrder['status'], string> = { Draft: 'DRAFT', Open: 'AUTHORISED', Closed: 'BILLED' }

export function presentPurchaseOrder(ctx: GenerationContext, order: PurchaseOrder): Record<string, unknown> {
  return {
    PurchaseOrderID: order.id,
    PurchaseOrderNumber: order.purchaseOrderNumber,
    Contact: order.supplierRef === undefined ? null : { ContactID: order.supplierRef.id, Name: order.supplierRef.name },
    Date: xeroDateOf(order.issueDate),
    DateString: order.issueDate.slice(0, 19),
    DeliveryDate: xeroDateOf(order.expectedDeliveryDate),
    DeliveryDateString: order.expectedDeliveryDate.slice(0, 19),
    Status: PURCHASE_ORDER_STATUS[order.status],
    LineAmountTypes: 'Exclusive',
    LineItems: presentLineItems(ctx, order.id, order.lineItems),
    SubTotal: order.subTotal,
    TotalTax: order.totalTaxAmount,
    Total: order.totalAmount,
    CurrencyCode: order.currency,
    UpdatedDateUTC: xeroDateOf(order.modifiedDate),
  }
}

function bankAccountOf(ctx: GenerationContext, ref: SandboxTransfer['fromAccountRef']): Record<string, unknown> | null {
  return ref === undefined ? null : { AccountID: ref.id, Code: ledgerAccounts.generate(ctx, ref.index).nominalCode, Name: ref.name }
}

/** Money moved between two of the organisation's bank accounts, in its own currency. */
export function presentBankTransfer(ctx: GenerationContext, transfer: SandboxTransfer): Record<string, unknown> {
  return {
    BankTransferID: transfer.id,
    Date: xeroDateOf(transfer.date),
    Reference: transfer.description,
    FromBankAccount: bankAccountOf(ctx, transfer.fromAccountRef),
    ToBankAccount: bankAccountOf(ctx, transfer.toAccountRef),
    Amount: transfer.amount,
    CurrencyRate: 1,
    FromBankTransactionID: uuidFrom(hashText(transfer.id), 0),
    ToBankTransactionID: uuidFrom(hashText(transfer.id), 1),
    HasAttachments: false,
    CreatedDateUTC: xeroDateOf(transfer.modifiedDate),
  }
}

/**
 * Money received into (RECEIVE) or spent from (SPEND) the business's current account, one line for the whole
 * amount. The sandbox keeps its bank lines apart from its journal, so these are not among the Journals.
 */
export function presentBankTransaction(ctx: GenerationContext, transaction: SandboxBankTransaction): Record<string, unknown> {
  const isReceived = transaction.amount >= 0
  const total = Math.abs(transaction.amount)
  const account = bankLedgerRef(ctx)
  return {
    BankTransactionID: transaction.id,
    Type: transaction.kind === 'Xfer' ? (isReceived ? 'RECEIVE-TRANSFER' : 'SPEND-TRANSFER') : isReceived ? 'RECEIVE' : 'SPEND',
    // The sandbox's bank lines name no contact, and Xero leaves out a field it has no value for (never null).
    BankAccount: account === undefined ? null : { AccountID: account.id, Code: ledgerAccounts.generate(ctx, account.index).nominalCode, Name: account.name },
    IsReconciled: transaction.reconciled,
    Date: xeroDateOf(transaction.clearedOnDate),
    DateString: transaction.clearedOnDate.slice(0, 19),
    Reference: transaction.description,
    CurrencyCode: account === undefined ? null : ledgerAccounts.generate(ctx, account.index).currency,
    Status: 'AUTHORISED',
    LineAmountTypes: 'NoTax',
    LineItems: [{ LineItemID: uuidFrom(hashText(transaction.id), 0), Description: transaction.description, Quantity: 1, UnitAmount: total, TaxAmount: 0, LineAmount: total }],
    SubTotal: total,
    TotalTax: 0,
    Total: total,
    UpdatedDateUTC: xeroDateOf(transaction.modifiedDate),
  }
}

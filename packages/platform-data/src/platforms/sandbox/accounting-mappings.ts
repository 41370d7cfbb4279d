/**
 * @module The accounting sandbox's records (mqjo) in the unified model. `sourceModifiedDate` is when the platform
 * changed the record; `modifiedDate`, when Linkway's copy did, is the same instant: a record is stored again only
 * when it changed at the platform, and a mapping stays pure (a sync time in the record would rewrite every row).
 */
import type {
  Account,
  AccountingAddress,
  AccountingCompanyInfo,
  Bill,
  BillCreditNote,
  BillLineItem,
  BillPayment,
  BankAccount,
  CreditNote,
  Customer,
  DirectCost,
  DirectIncome,
  Invoice,
  InvoiceLineItem,
  ItemReceipt,
  LineTracking,
  Journal,
  JournalEntry,
  Payment,
  PaymentAllocation,
  PurchaseOrder,
  SalesOrder,
  Supplier,
} from '@linkway/contracts'
import type {
  SandboxAccountingBankAccount,
  SandboxAccountingPayment,
  SandboxAddress,
  SandboxBill,
  SandboxBillPayment,
  SandboxCreditNote,
  SandboxDirectTransaction,
  SandboxItemReceipt,
  SandboxJournal,
  SandboxPurchaseOrder,
  SandboxSalesOrder,
  SandboxCompany,
  SandboxContact,
  SandboxDocumentStatus,
  SandboxInvoice,
  SandboxJournalEntry,
  SandboxLedgerAccount,
  SandboxLineItem,
  SandboxPaymentAllocation,
} from './sandbox-records.js'
import { toSpecDateTime } from './spec-date-time.js'

/**
 * Every record of the original accounting types says whether it was deleted, false as well as true: consumers filter
 * on `metadata.isDeleted` with `query` and expect the field to be there. The sandbox serves a record it deleted once
 * more, marked, and Linkway keeps it so (readable, as the reference keeps deleted records).
 */
function metadataOf(item: { isDeleted?: boolean }): { isDeleted: boolean } {
  return { isDeleted: item.isDeleted === true }
}

/** The sandbox keeps one address per business: where it bills from, and is billed at. */
export function toBillingAddress(address: SandboxAddress): AccountingAddress {
  return { type: 'Billing', line1: address.line1, city: address.city, postalCode: address.postalCode, country: address.country }
}

export function mapAccountingCompany(company: SandboxCompany): AccountingCompanyInfo {
  return {
    companyName: company.companyName,
    accountingPlatformRef: company.id,
    companyLegalName: company.legalName,
    addresses: [toBillingAddress(company.address)],
    phoneNumbers: [{ number: company.phone, type: 'Primary' }],
    webLinks: [{ type: 'Website', url: company.websiteUrl }],
    registrationNumber: company.registrationNumber,
    baseCurrency: company.baseCurrency,
    createdDate: toSpecDateTime(company.createdDate),
  }
}

export function mapAccount(account: SandboxLedgerAccount): Account {
  const modified = toSpecDateTime(account.modifiedDate)
  return {
    id: account.id,
    nominalCode: account.nominalCode,
    name: account.name,
    // `Type.Subtype` as the reference writes it (`Expense.CostOfSales`); the type alone from a sandbox that gives none.
    fullyQualifiedCategory: account.category ?? account.type,
    fullyQualifiedName: `${account.type}.${account.name}`,
    currency: account.currency,
    currentBalance: account.currentBalance,
    type: account.type,
    status: account.status,
    isBankAccount: account.isBankAccount,
    metadata: metadataOf(account),
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

export function mapCustomer(contact: SandboxContact): Customer {
  const modified = toSpecDateTime(contact.modifiedDate)
  const contactName = `${contact.contactPerson.firstName} ${contact.contactPerson.lastName}`
  const address = toBillingAddress(contact.address)
  return {
    id: contact.id,
    customerName: contact.name,
    contactName,
    emailAddress: contact.emailAddress,
    phone: contact.phone,
    addresses: [address],
    contacts: [{ name: contactName, email: contact.emailAddress, phone: [{ number: contact.phone, type: 'Primary' }], address, status: contact.status }],
    defaultCurrency: contact.defaultCurrency,
    status: contact.status,
    metadata: metadataOf(contact),
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

export function mapSupplier(contact: SandboxContact): Supplier {
  const modified = toSpecDateTime(contact.modifiedDate)
  return {
    id: contact.id,
    supplierName: contact.name,
    contactName: `${contact.contactPerson.firstName} ${contact.contactPerson.lastName}`,
    emailAddress: contact.emailAddress,
    phone: contact.phone,
    addresses: [toBillingAddress(contact.address)],
    defaultCurrency: contact.defaultCurrency,
    status: contact.status,
    metadata: metadataOf(contact),
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

/** A line of an invoice or a bill. The sandbox's tax rate is a fraction; the reference's effectiveTaxRate a percentage. */
function toLineItem(line: SandboxLineItem): InvoiceLineItem & BillLineItem {
  return {
    description: line.description,
    unitAmount: line.unitAmount,
    quantity: line.quantity,
    subTotal: line.subTotal,
    taxAmount: line.taxAmount,
    totalAmount: line.totalAmount,
    ...(line.accountRef ? { accountRef: { id: line.accountRef.id, name: line.accountRef.name } } : {}),
    taxRateRef: { ...(line.taxRateRef ? { id: line.taxRateRef.id, name: line.taxRateRef.name } : {}), effectiveTaxRate: Math.round(line.taxRate * 10_000) / 100 },
  }
}

/**
 * The categories an invoice or bill line is tracked against, in both of the reference's shapes: the older
 * `trackingCategoryRefs` and `tracking` (the sandbox bills no line to a project).
 */
function trackingOf(line: SandboxLineItem): { trackingCategoryRefs?: { id: string; name: string }[]; tracking?: LineTracking } {
  if (!line.trackingCategoryRef) return {}
  const categoryRefs = [{ id: line.trackingCategoryRef.id, name: line.trackingCategoryRef.name }]
  return { trackingCategoryRefs: categoryRefs, tracking: { categoryRefs, isBilledTo: 'NotApplicable', isRebilledTo: 'NotApplicable' } }
}

/** A line of an invoice or a bill, with its tracking. */
function toTrackedLineItem(line: SandboxLineItem): InvoiceLineItem & BillLineItem {
  return { ...toLineItem(line), ...trackingOf(line) }
}

/** A payment set against an invoice or a bill: the payment (its id, bank account, total) and what of it went there, when. */
function toPaymentAllocation(allocation: SandboxPaymentAllocation): PaymentAllocation {
  const paidOn = toSpecDateTime(allocation.paidOnDate)
  const rate = allocation.currencyRate === undefined ? {} : { currencyRate: allocation.currencyRate }
  return {
    payment: {
      id: allocation.paymentRef.id,
      ...(allocation.accountRef ? { accountRef: { id: allocation.accountRef.id, name: allocation.accountRef.name } } : {}),
      currency: allocation.currency,
      ...rate,
      paidOnDate: paidOn,
      totalAmount: allocation.amount,
    },
    allocation: { currency: allocation.currency, ...rate, allocatedOnDate: paidOn, totalAmount: allocation.amount },
  }
}

export function mapInvoice(invoice: SandboxInvoice): Invoice {
  const modified = toSpecDateTime(invoice.modifiedDate)
  return {
    id: invoice.id,
    invoiceNumber: invoice.invoiceNumber,
    ...(invoice.customerRef ? { customerRef: { id: invoice.customerRef.id, companyName: invoice.customerRef.name } } : {}),
    issueDate: toSpecDateTime(invoice.issueDate),
    dueDate: toSpecDateTime(invoice.dueDate),
    currency: invoice.currency,
    lineItems: invoice.lineItems.map(toTrackedLineItem),
    ...(invoice.paymentAllocations ? { paymentAllocations: invoice.paymentAllocations.map(toPaymentAllocation) } : {}),
    subTotal: invoice.subTotal,
    totalTaxAmount: invoice.totalTaxAmount,
    totalAmount: invoice.totalAmount,
    amountDue: invoice.amountDue,
    status: invoice.status,
    ...(invoice.paidOnDate ? { paidOnDate: toSpecDateTime(invoice.paidOnDate) } : {}),
    ...(invoice.currencyRate === undefined ? {} : { currencyRate: invoice.currencyRate }),
    note: invoice.note,
    ...(invoice.salesOrderRef ? { salesOrderRefs: [{ id: invoice.salesOrderRef.id, dataType: 'salesOrders' }] } : {}),
    metadata: metadataOf(invoice),
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

/** A bill has no `Submitted`: the reference calls an approved, unpaid bill `Open`. */
const BILL_STATUS_OF: Readonly<Record<SandboxDocumentStatus, Bill['status']>> = {
  Draft: 'Draft',
  Submitted: 'Open',
  PartiallyPaid: 'PartiallyPaid',
  Paid: 'Paid',
  Void: 'Void',
}

export function mapBill(bill: SandboxBill): Bill {
  const modified = toSpecDateTime(bill.modifiedDate)
  return {
    id: bill.id,
    reference: bill.reference,
    ...(bill.supplierRef ? { supplierRef: { id: bill.supplierRef.id, supplierName: bill.supplierRef.name } } : {}),
    issueDate: toSpecDateTime(bill.issueDate),
    dueDate: toSpecDateTime(bill.dueDate),
    currency: bill.currency,
    lineItems: bill.lineItems.map(toTrackedLineItem),
    status: BILL_STATUS_OF[bill.status],
    subTotal: bill.subTotal,
    taxAmount: bill.totalTaxAmount,
    totalAmount: bill.totalAmount,
    amountDue: bill.amountDue,
    ...(bill.paymentAllocations ? { paymentAllocations: bill.paymentAllocations.map(toPaymentAllocation) } : {}),
    ...(bill.purchaseOrderRef ? { purchaseOrderRefs: [{ id: bill.purchaseOrderRef.id, purchaseOrderNumber: bill.purchaseOrderRef.name }] } : {}),
    metadata: metadataOf(bill),
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

export function mapPayment(payment: SandboxAccountingPayment): Payment {
  const modified = toSpecDateTime(payment.modifiedDate)
  return {
    id: payment.id,
    // The sandbox names its methods by a code (BankTransfer, Card, …), which serves as the method's id.
    paymentMethodRef: { id: payment.paymentMethod, name: payment.paymentMethod },
    totalAmount: payment.amount,
    currency: payment.currency,
    date: toSpecDateTime(payment.date),
    ...(payment.customerRef ? { customerRef: { id: payment.customerRef.id, companyName: payment.customerRef.name } } : {}),
    // A negative link amount is what the payment takes off the invoice's balance (the reference's convention).
    lines: [{ amount: payment.amount, links: payment.invoiceRef ? [{ type: 'Invoice', id: payment.invoiceRef.id, amount: -payment.amount }] : [] }],
    metadata: metadataOf(payment),
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

export function mapBankAccount(account: SandboxAccountingBankAccount): BankAccount {
  const modified = toSpecDateTime(account.modifiedDate)
  return {
    id: account.id,
    accountName: account.accountName,
    accountType: account.accountType,
    sortCode: account.sortCode,
    accountNumber: account.accountNumber,
    currency: account.currency,
    balance: account.balance,
    availableBalance: account.availableBalance,
    institution: account.institution,
    ...(account.status ? { status: account.status } : {}),
    metadata: metadataOf(account),
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

export function mapJournalEntry(entry: SandboxJournalEntry): JournalEntry {
  const modified = toSpecDateTime(entry.modifiedDate)
  return {
    id: entry.id,
    description: entry.description,
    ...(entry.journalRef ? { journalRef: { id: entry.journalRef.id, name: entry.journalRef.name } } : {}),
    ...(entry.recordRef ? { recordRef: { id: entry.recordRef.id, dataType: entry.recordRef.dataType } } : {}),
    postedOn: toSpecDateTime(entry.postedOn),
    journalLines: entry.journalLines.map((line) => ({
      description: line.description,
      netAmount: line.netAmount,
      ...(line.accountRef ? { accountRef: { id: line.accountRef.id, name: line.accountRef.name } } : {}),
    })),
    metadata: metadataOf(entry),
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

/**
 * A credit set against an invoice or a bill, in the reference's allocation shape: the `payment` side is the document
 * it was set against (its id and number), the `allocation` side how much and when.
 */
function toCreditAllocation(allocation: SandboxCreditNote['allocations'][number], currency: string): PaymentAllocation {
  const allocatedOn = toSpecDateTime(allocation.allocatedOnDate)
  return {
    payment: { id: allocation.documentRef.id, reference: allocation.documentRef.name, currency, paidOnDate: allocatedOn, totalAmount: allocation.amount },
    allocation: { currency, allocatedOnDate: allocatedOn, totalAmount: allocation.amount },
  }
}

/** A credit note's totals and allocations, which a customer's and a supplier's share. The sandbox gives no discounts. */
function creditNoteBody(note: SandboxCreditNote) {
  const modified = toSpecDateTime(note.modifiedDate)
  const lastAllocation = note.allocations.at(-1)
  return {
    id: note.id,
    totalAmount: note.totalAmount,
    totalDiscount: 0,
    subTotal: note.subTotal,
    totalTaxAmount: note.totalTaxAmount,
    discountPercentage: 0,
    remainingCredit: note.remainingCredit,
    status: note.status,
    issueDate: toSpecDateTime(note.issueDate),
    ...(lastAllocation ? { allocatedOnDate: toSpecDateTime(lastAllocation.allocatedOnDate) } : {}),
    currency: note.currency,
    lineItems: note.lineItems.map(toLineItem),
    paymentAllocations: note.allocations.map((allocation) => toCreditAllocation(allocation, note.currency)),
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

export function mapCreditNote(note: SandboxCreditNote): CreditNote {
  return {
    ...creditNoteBody(note),
    creditNoteNumber: note.creditNoteNumber,
    ...(note.contactRef ? { customerRef: { id: note.contactRef.id, companyName: note.contactRef.name } } : {}),
  }
}

export function mapBillCreditNote(note: SandboxCreditNote): BillCreditNote {
  return {
    ...creditNoteBody(note),
    billCreditNoteNumber: note.creditNoteNumber,
    ...(note.contactRef ? { supplierRef: { id: note.contactRef.id, supplierName: note.contactRef.name } } : {}),
  }
}

export function mapBillPayment(payment: SandboxBillPayment): BillPayment {
  const modified = toSpecDateTime(payment.modifiedDate)
  const date = toSpecDateTime(payment.date)
  return {
    id: payment.id,
    ...(payment.supplierRef ? { supplierRef: { id: payment.supplierRef.id, supplierName: payment.supplierRef.name } } : {}),
    ...(payment.accountRef ? { accountRef: { id: payment.accountRef.id, name: payment.accountRef.name } } : {}),
    totalAmount: payment.amount,
    currency: payment.currency,
    date,
    paymentMethodRef: { id: payment.paymentMethod, name: payment.paymentMethod },
    // As for payments: a negative link amount is what the payment takes off the bill's balance.
    lines: [
      {
        amount: payment.amount,
        links: payment.billRef ? [{ type: 'Bill', id: payment.billRef.id, amount: -payment.amount }] : [{ type: 'PaymentOnAccount', amount: -payment.amount }],
        allocatedOnDate: date,
      },
    ],
    reference: payment.reference,
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

/** A direct cost or income: paid in full, on its issue date, from or into its bank account. */
function directTransactionBody(transaction: SandboxDirectTransaction, contactDataType: 'suppliers' | 'customers') {
  const modified = toSpecDateTime(transaction.modifiedDate)
  const issued = toSpecDateTime(transaction.issueDate)
  return {
    id: transaction.id,
    reference: transaction.reference,
    ...(transaction.contactRef ? { contactRef: { id: transaction.contactRef.id, dataType: contactDataType } } : {}),
    issueDate: issued,
    currency: transaction.currency,
    lineItems: transaction.lineItems.map(toLineItem),
    paymentAllocations: [
      {
        payment: {
          ...(transaction.accountRef ? { accountRef: { id: transaction.accountRef.id, name: transaction.accountRef.name } } : {}),
          currency: transaction.currency,
          paidOnDate: issued,
          totalAmount: transaction.totalAmount,
        },
        allocation: { currency: transaction.currency, allocatedOnDate: issued, totalAmount: transaction.totalAmount },
      },
    ],
    subTotal: transaction.subTotal,
    taxAmount: transaction.totalTaxAmount,
    totalAmount: transaction.totalAmount,
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

export function mapDirectCost(cost: SandboxDirectTransaction): DirectCost {
  return directTransactionBody(cost, 'suppliers')
}

export function mapDirectIncome(income: SandboxDirectTransaction): DirectIncome {
  return directTransactionBody(income, 'customers')
}

/** What a sales and a purchase order share: dates, lines and totals. */
function orderBody(order: SandboxSalesOrder | SandboxPurchaseOrder) {
  const modified = toSpecDateTime(order.modifiedDate)
  return {
    id: order.id,
    status: order.status,
    issueDate: toSpecDateTime(order.issueDate),
    expectedDeliveryDate: toSpecDateTime(order.expectedDeliveryDate),
    currency: order.currency,
    lineItems: order.lineItems.map(toLineItem),
    subTotal: order.subTotal,
    totalDiscount: 0,
    totalTaxAmount: order.totalTaxAmount,
    totalAmount: order.totalAmount,
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

export function mapSalesOrder(order: SandboxSalesOrder): SalesOrder {
  return {
    ...orderBody(order),
    salesOrderNumber: order.salesOrderNumber,
    customerPurchaseOrderNumber: order.customerPurchaseOrderNumber,
    ...(order.customerRef ? { customerRef: { id: order.customerRef.id, companyName: order.customerRef.name } } : {}),
    invoicingStatus: order.invoiceRef ? 'Invoiced' : 'NotInvoiced',
  }
}

export function mapPurchaseOrder(order: SandboxPurchaseOrder): PurchaseOrder {
  return {
    ...orderBody(order),
    purchaseOrderNumber: order.purchaseOrderNumber,
    ...(order.supplierRef ? { supplierRef: { id: order.supplierRef.id, supplierName: order.supplierRef.name } } : {}),
  }
}

export function mapItemReceipt(receipt: SandboxItemReceipt): ItemReceipt {
  const modified = toSpecDateTime(receipt.modifiedDate)
  return {
    id: receipt.id,
    itemReceiptNumber: receipt.itemReceiptNumber,
    ...(receipt.supplierRef ? { supplierRef: { id: receipt.supplierRef.id, supplierName: receipt.supplierRef.name } } : {}),
    ...(receipt.purchaseOrderRef ? { purchaseOrderRefs: [{ id: receipt.purchaseOrderRef.id, purchaseOrderNumber: receipt.purchaseOrderRef.name }] } : {}),
    status: receipt.status,
    issueDate: toSpecDateTime(receipt.issueDate),
    currency: receipt.currency,
    lineItems: receipt.lineItems.map(toLineItem),
    subTotal: receipt.subTotal,
    totalTaxAmount: receipt.totalTaxAmount,
    totalAmount: receipt.totalAmount,
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

export function mapJournal(journal: SandboxJournal): Journal {
  const modified = toSpecDateTime(journal.modifiedDate)
  return {
    id: journal.id,
    journalCode: journal.journalCode,
    name: journal.name,
    type: journal.type,
    // The sandbox's journals are one level deep.
    hasChildren: false,
    createdOn: toSpecDateTime(journal.createdOn),
    status: journal.status,
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

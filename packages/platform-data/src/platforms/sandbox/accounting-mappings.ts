/**
 * @module The accounting sandbox's records (mqjo) in the unified model. `sourceModifiedDate` is when the platform
 * changed the record; `modifiedDate`, when Linkway's copy did, is the same instant: a record is stored again only
 * when it changed at the platform, and a mapping stays pure (a sync time in the record would rewrite every row).
 */
import type { Account, AccountingAddress, AccountingCompanyInfo, Bill, BillLineItem, BankAccount, Customer, Invoice, InvoiceLineItem, JournalEntry, Payment, Supplier } from '@linkway/contracts'
import type {
  SandboxAccountingBankAccount,
  SandboxAccountingPayment,
  SandboxAddress,
  SandboxBill,
  SandboxCompany,
  SandboxContact,
  SandboxDocumentStatus,
  SandboxInvoice,
  SandboxJournalEntry,
  SandboxLedgerAccount,
  SandboxLineItem,
} from './sandbox-records.js'
import { toSpecDateTime } from './spec-date-time.js'

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
    // The sandbox's chart is one level deep: its category is the account type (the reference's e.g. `Asset.Current`).
    fullyQualifiedCategory: account.type,
    fullyQualifiedName: `${account.type}.${account.name}`,
    currency: account.currency,
    currentBalance: account.currentBalance,
    type: account.type,
    status: account.status,
    isBankAccount: account.isBankAccount,
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

export function mapInvoice(invoice: SandboxInvoice): Invoice {
  const modified = toSpecDateTime(invoice.modifiedDate)
  return {
    id: invoice.id,
    invoiceNumber: invoice.invoiceNumber,
    ...(invoice.customerRef ? { customerRef: { id: invoice.customerRef.id, companyName: invoice.customerRef.name } } : {}),
    issueDate: toSpecDateTime(invoice.issueDate),
    dueDate: toSpecDateTime(invoice.dueDate),
    currency: invoice.currency,
    lineItems: invoice.lineItems.map(toLineItem),
    subTotal: invoice.subTotal,
    totalTaxAmount: invoice.totalTaxAmount,
    totalAmount: invoice.totalAmount,
    amountDue: invoice.amountDue,
    status: invoice.status,
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
    lineItems: bill.lineItems.map(toLineItem),
    status: BILL_STATUS_OF[bill.status],
    subTotal: bill.subTotal,
    taxAmount: bill.totalTaxAmount,
    totalAmount: bill.totalAmount,
    amountDue: bill.amountDue,
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
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

export function mapBankAccount(account: SandboxAccountingBankAccount): BankAccount {
  const modified = toSpecDateTime(account.modifiedDate)
  return {
    id: account.id,
    accountName: account.accountName,
    sortCode: account.sortCode,
    accountNumber: account.accountNumber,
    currency: account.currency,
    balance: account.balance,
    institution: account.institution,
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

export function mapJournalEntry(entry: SandboxJournalEntry): JournalEntry {
  const modified = toSpecDateTime(entry.modifiedDate)
  return {
    id: entry.id,
    description: entry.description,
    postedOn: toSpecDateTime(entry.postedOn),
    journalLines: entry.journalLines.map((line) => ({
      description: line.description,
      netAmount: line.netAmount,
      ...(line.accountRef ? { accountRef: { id: line.accountRef.id, name: line.accountRef.name } } : {}),
    })),
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

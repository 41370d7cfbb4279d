/**
 * @module The accounting sandbox's (mqjo) reference lists and bank activity in the unified model: items, tax
 * rates, tracking categories, payment methods, account transactions, bank transactions and transfers. Dates as
 * in accounting-mappings: `modifiedDate` and `sourceModifiedDate` are the instant the platform changed the record.
 */
import type { AccountingBankTransaction, AccountTransaction, Item, PaymentMethod, TaxRate, TrackingCategory, Transfer } from '@linkway/contracts'
import type {
  SandboxAccountingBankTransaction,
  SandboxAccountTransaction,
  SandboxCatalogueItem,
  SandboxItemDefaults,
  SandboxPaymentMethod,
  SandboxTaxRate,
  SandboxTrackingCategory,
  SandboxTransfer,
} from './sandbox-records.js'
import { toSpecDateTime } from './spec-date-time.js'

/** The sandbox's rates are fractions; the reference's are percentages (0.0825 → 8.25). */
function toPercentage(fraction: number): number {
  return Math.round(fraction * 1_000_000) / 10_000
}

function modifiedDatesOf(item: { modifiedDate: string }): { modifiedDate: string; sourceModifiedDate: string } {
  const modified = toSpecDateTime(item.modifiedDate)
  return { modifiedDate: modified, sourceModifiedDate: modified }
}

function toItemDefaults(defaults: SandboxItemDefaults): NonNullable<Item['invoiceItem']> {
  return {
    description: defaults.description,
    unitPrice: defaults.unitPrice,
    ...(defaults.accountRef ? { accountRef: { id: defaults.accountRef.id, name: defaults.accountRef.name } } : {}),
    taxRateRef: { ...(defaults.taxRateRef ? { id: defaults.taxRateRef.id, name: defaults.taxRateRef.name } : {}), effectiveTaxRate: toPercentage(defaults.taxRate) },
  }
}

export function mapItem(item: SandboxCatalogueItem): Item {
  return {
    id: item.id,
    name: item.name,
    code: item.code,
    itemStatus: item.status,
    type: item.kind,
    isBillItem: item.purchases !== undefined,
    isInvoiceItem: item.sales !== undefined,
    ...(item.purchases ? { billItem: toItemDefaults(item.purchases) } : {}),
    ...(item.sales ? { invoiceItem: toItemDefaults(item.sales) } : {}),
    ...modifiedDatesOf(item),
  }
}

export function mapTaxRate(taxRate: SandboxTaxRate): TaxRate {
  const rate = toPercentage(taxRate.rate)
  return {
    id: taxRate.id,
    name: taxRate.name,
    code: taxRate.code,
    status: taxRate.status,
    // No component compounds, so the effective rate is the components' sum.
    effectiveTaxRate: rate,
    totalTaxRate: rate,
    components: taxRate.components.map((component) => ({ name: component.name, rate: toPercentage(component.rate), isCompound: component.isCompound })),
    ...modifiedDatesOf(taxRate),
  }
}

export function mapTrackingCategory(category: SandboxTrackingCategory): TrackingCategory {
  return {
    id: category.id,
    name: category.name,
    status: category.status,
    ...(category.parentId === undefined ? {} : { parentId: category.parentId }),
    hasChildren: category.hasChildren,
    ...modifiedDatesOf(category),
  }
}

/** The reference's method types: a card is a credit card, a cheque a check; it has no direct debit. */
const PAYMENT_METHOD_TYPE_OF: Readonly<Record<SandboxPaymentMethod['kind'], NonNullable<PaymentMethod['type']>>> = {
  BankTransfer: 'BankTransfer',
  Card: 'CreditCard',
  Cash: 'Cash',
  DirectDebit: 'Other',
  Cheque: 'Check',
}

export function mapPaymentMethod(method: SandboxPaymentMethod): PaymentMethod {
  return { id: method.id, name: method.name, type: PAYMENT_METHOD_TYPE_OF[method.kind], status: method.status, ...modifiedDatesOf(method) }
}

export function mapAccountTransaction(transaction: SandboxAccountTransaction): AccountTransaction {
  return {
    id: transaction.id,
    transactionId: transaction.transactionId,
    ...(transaction.note === undefined ? {} : { note: transaction.note }),
    ...(transaction.bankAccountRef ? { bankAccountRef: { id: transaction.bankAccountRef.id, name: transaction.bankAccountRef.name } } : {}),
    date: toSpecDateTime(transaction.date),
    status: transaction.status,
    lines: transaction.lines.map((line) => ({
      description: line.description,
      ...(line.paymentRef ? { recordRef: { id: line.paymentRef.id, dataType: 'payments' as const } } : {}),
      amount: line.amount,
    })),
    currency: transaction.currency,
    totalAmount: transaction.totalAmount,
    ...modifiedDatesOf(transaction),
  }
}

export function mapAccountingBankTransaction(transaction: SandboxAccountingBankTransaction): AccountingBankTransaction {
  return {
    id: transaction.id,
    ...(transaction.accountId === undefined ? {} : { accountId: transaction.accountId }),
    clearedOnDate: toSpecDateTime(transaction.clearedOnDate),
    description: transaction.description,
    reconciled: transaction.reconciled,
    amount: transaction.amount,
    balance: transaction.balance,
    transactionType: transaction.kind,
    ...modifiedDatesOf(transaction),
  }
}

export function mapTransfer(transfer: SandboxTransfer): Transfer {
  const side = (ref: SandboxTransfer['fromAccountRef']) => ({ ...(ref ? { accountRef: { id: ref.id, name: ref.name } } : {}), amount: transfer.amount, currency: transfer.currency })
  return {
    id: transfer.id,
    description: transfer.description,
    date: toSpecDateTime(transfer.date),
    from: side(transfer.fromAccountRef),
    to: side(transfer.toAccountRef),
    ...(transfer.trackingCategoryRef ? { trackingCategoryRefs: [{ id: transfer.trackingCategoryRef.id, name: transfer.trackingCategoryRef.name }] } : {}),
    ...modifiedDatesOf(transfer),
  }
}

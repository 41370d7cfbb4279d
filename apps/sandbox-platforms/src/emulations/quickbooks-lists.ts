/**
 * @module QuickBooks Online's lists and the transactions around the books, presented in Intuit's shapes: Item,
 * TaxRate, Class and Department (the tracking tree), Transfer, PurchaseOrder, SalesReceipt and Purchase. As in
 * quickbooks-books.ts, an entity's `Id` is its generated record's index + 1, and references use those ids.
 */
import { isoDate } from '../date-formats.js'
import { trackingCategories, type DirectTransaction, type PurchaseOrder, type SandboxItem, type SandboxTaxRate, type SandboxTrackingCategory, type SandboxTransfer } from '../datasets/index.js'
import * as words from '../datasets/word-lists.js'
import type { Currency, GenerationContext, Ref } from '../generated-data.js'
import { CURRENCY_NAMES, departmentOf, expenseLines, findIndexOfId, metaData, refTo, salesLines } from './quickbooks-books.js'

function currencyRef(currency: Currency): { value: Currency; name: string } {
  return { value: currency, name: CURRENCY_NAMES[currency] }
}

/** An item's stock account: QuickBooks asks one of every Inventory item. */
const INVENTORY_CHART_INDEX = words.CHART_OF_ACCOUNTS.findIndex((entry) => entry.code === '630')

export function presentItem(item: SandboxItem, index: number): Record<string, unknown> {
  const account = (ref: Ref | undefined) => (ref ? refTo(ref) : undefined)
  return {
    Id: String(index + 1),
    SyncToken: '0',
    MetaData: metaData(item, Date.parse(item.modifiedDate)),
    Name: item.name,
    FullyQualifiedName: item.name,
    Sku: item.code,
    Type: item.kind,
    Active: item.status === 'Active',
    ...(item.sales ? { Description: item.sales.description, UnitPrice: item.sales.unitPrice, ...(item.sales.accountRef ? { IncomeAccountRef: account(item.sales.accountRef) } : {}) } : {}),
    ...(item.purchases ? { PurchaseDesc: item.purchases.description, PurchaseCost: item.purchases.unitPrice, ...(item.purchases.accountRef ? { ExpenseAccountRef: account(item.purchases.accountRef) } : {}) } : {}),
    ...(item.kind === 'Inventory' ? { TrackQtyOnHand: true, QtyOnHand: 0, AssetAccountRef: { value: String(INVENTORY_CHART_INDEX + 1), name: 'Inventory' } } : { TrackQtyOnHand: false }),
  }
}

/** A rate as QuickBooks keeps it: one TaxRate per rate, its value a percentage (its parts would be TaxRates of their own). */
export function presentTaxRate(rate: SandboxTaxRate, index: number): Record<string, unknown> {
  return {
    Id: String(index + 1),
    SyncToken: '0',
    MetaData: metaData(rate, Date.parse(rate.modifiedDate)),
    Name: rate.name,
    Description: rate.code,
    RateValue: Math.round(rate.rate * 100 * 10_000) / 10_000,
    Active: rate.status === 'Active',
    SpecialTaxType: 'NONE',
    DisplayType: 'ReadOnly',
  }
}

export function presentTrackingCategory(ctx: GenerationContext, category: SandboxTrackingCategory, index: number, subField: 'SubClass' | 'SubDepartment'): Record<string, unknown> {
  const parentIndex = category.parentId === undefined ? undefined : findIndexOfId(ctx, category.parentId, index)
  const parent = parentIndex === undefined ? undefined : trackingCategories.generate(ctx, parentIndex)
  return {
    Id: String(index + 1),
    SyncToken: '0',
    MetaData: metaData(category, Date.parse(category.modifiedDate)),
    Name: category.name,
    FullyQualifiedName: parent ? `${parent.name}:${category.name}` : category.name,
    [subField]: parent !== undefined,
    ...(parent && parentIndex !== undefined ? { ParentRef: { value: String(parentIndex + 1), name: parent.name } } : {}),
    Active: category.status === 'Active',
  }
}

export function presentTransfer(transfer: SandboxTransfer, index: number): Record<string, unknown> {
  return {
    Id: String(index + 1),
    SyncToken: '0',
    MetaData: metaData(transfer, Date.parse(transfer.date)),
    TxnDate: isoDate(Date.parse(transfer.date)),
    ...(transfer.fromAccountRef ? { FromAccountRef: refTo(transfer.fromAccountRef) } : {}),
    ...(transfer.toAccountRef ? { ToAccountRef: refTo(transfer.toAccountRef) } : {}),
    Amount: transfer.amount,
    CurrencyRef: currencyRef(transfer.currency),
    PrivateNote: transfer.description,
  }
}

/** A purchase order: QuickBooks has no draft ones, so a Draft order is Open; one billed is Closed. */
export function presentPurchaseOrder(order: PurchaseOrder, index: number, ctx: GenerationContext): Record<string, unknown> {
  return {
    Id: String(index + 1),
    SyncToken: '0',
    MetaData: metaData(order, Date.parse(order.issueDate)),
    DocNumber: order.purchaseOrderNumber,
    TxnDate: isoDate(Date.parse(order.issueDate)),
    ExpectedDate: isoDate(Date.parse(order.expectedDeliveryDate)),
    ...(order.supplierRef ? { VendorRef: refTo(order.supplierRef) } : {}),
    POStatus: order.status === 'Closed' ? 'Closed' : 'Open',
    ...departmentOf(ctx, order.lineItems),
    CurrencyRef: currencyRef(order.currency),
    Line: expenseLines(ctx, order.lineItems, false),
    TxnTaxDetail: { TotalTax: order.totalTaxAmount },
    TotalAmt: order.totalAmount,
    ...(order.billRef ? { LinkedTxn: [{ TxnId: String(order.billRef.index + 1), TxnType: 'Bill' }] } : {}),
  }
}

/** Money received at once, with what was sold: sales lines, deposited in full to its bank account. */
export function presentSalesReceipt(receipt: DirectTransaction, index: number, ctx: GenerationContext): Record<string, unknown> {
  return {
    Id: String(index + 1),
    SyncToken: '0',
    MetaData: metaData(receipt, Date.parse(receipt.issueDate)),
    DocNumber: receipt.reference,
    TxnDate: isoDate(Date.parse(receipt.issueDate)),
    ...(receipt.contactRef ? { CustomerRef: refTo(receipt.contactRef) } : {}),
    ...(receipt.accountRef ? { DepositToAccountRef: refTo(receipt.accountRef) } : {}),
    ...departmentOf(ctx, receipt.lineItems),
    CurrencyRef: currencyRef(receipt.currency),
    Line: salesLines(ctx, receipt.lineItems, receipt.subTotal),
    TxnTaxDetail: { TotalTax: receipt.totalTaxAmount },
    TotalAmt: receipt.totalAmount,
    Balance: 0,
  }
}

/**
 * Every fifth purchase is a credit card credit (`Credit: true`): a vendor's refund onto the card, which QuickBooks keeps
 * with positive amounts like any purchase and posts the other way round (quickbooks-reports.ts).
 */
export function isCardCredit(index: number): boolean {
  return index % 5 === 4
}

/** An expense paid at once from a bank account (`PaymentType` Check), to a vendor, or a card credit: QuickBooks' Purchase. */
export function presentPurchase(cost: DirectTransaction, index: number, ctx: GenerationContext): Record<string, unknown> {
  return {
    Id: String(index + 1),
    SyncToken: '0',
    MetaData: metaData(cost, Date.parse(cost.issueDate)),
    DocNumber: cost.reference,
    TxnDate: isoDate(Date.parse(cost.issueDate)),
    ...(isCardCredit(index) ? { PaymentType: 'CreditCard', Credit: true } : { PaymentType: 'Check' }),
    ...(cost.accountRef ? { AccountRef: refTo(cost.accountRef) } : {}),
    ...(cost.contactRef ? { EntityRef: { ...refTo(cost.contactRef), type: 'Vendor' } } : {}),
    ...departmentOf(ctx, cost.lineItems),
    CurrencyRef: currencyRef(cost.currency),
    Line: expenseLines(ctx, cost.lineItems, false),
    TxnTaxDetail: { TotalTax: cost.totalTaxAmount },
    TotalAmt: cost.totalAmount,
  }
}

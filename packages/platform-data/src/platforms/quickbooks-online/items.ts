/**
 * @module QuickBooks Online items (query `FROM Item`, inactive ones too) read into the unified Item: sold when it
 * has an income account (its sales price and description), bought when it has an expense account (its purchase
 * cost and description). QuickBooks' Group and Category items are not things sold or bought and are Unknown.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { numberOf, textOf } from '../../json-fields.js'
import { idAndName, modifiedOf, quickbooksQuerySource } from './quickbooks-api.js'

type Item = DataRecordOf<'items'>
type ItemDefaults = NonNullable<Item['invoiceItem']>

const TYPE_OF: Readonly<Record<string, Item['type']>> = { Inventory: 'Inventory', NonInventory: 'NonInventory', Service: 'Service' }

function defaultsOf(description: unknown, price: unknown, account: unknown): ItemDefaults {
  const defaults: ItemDefaults = {}
  const text = textOf(description)
  if (text !== undefined) defaults.description = text
  const unitPrice = numberOf(price)
  if (unitPrice !== undefined) defaults.unitPrice = unitPrice
  const accountRef = idAndName(account)
  if (accountRef !== undefined) defaults.accountRef = accountRef
  return defaults
}

export const quickbooksItems = quickbooksQuerySource('items', { entity: 'Item', conditions: ['Active IN (true, false)'] }, (raw, id) => {
  const { modifiedAt, sourceModifiedDate } = modifiedOf(raw)
  const isInvoiceItem = raw['IncomeAccountRef'] !== undefined
  const isBillItem = raw['ExpenseAccountRef'] !== undefined
  const item: Item = {
    id,
    itemStatus: raw['Active'] === false ? 'Archived' : raw['Active'] === true ? 'Active' : 'Unknown',
    type: TYPE_OF[textOf(raw['Type']) ?? ''] ?? 'Unknown',
    isInvoiceItem,
    isBillItem,
  }
  const name = textOf(raw['Name'])
  if (name !== undefined) item.name = name
  const sku = textOf(raw['Sku'])
  if (sku !== undefined) item.code = sku
  if (isInvoiceItem) item.invoiceItem = defaultsOf(raw['Description'], raw['UnitPrice'], raw['IncomeAccountRef'])
  if (isBillItem) item.billItem = defaultsOf(raw['PurchaseDesc'], raw['PurchaseCost'], raw['ExpenseAccountRef'])
  if (sourceModifiedDate !== undefined) item.sourceModifiedDate = sourceModifiedDate
  return { id, modifiedAt, data: item }
})

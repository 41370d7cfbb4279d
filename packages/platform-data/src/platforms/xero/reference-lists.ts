/**
 * @module Xero's reference lists read into the unified model: tax rates (GET /TaxRates), tracking categories
 * (GET /TrackingCategories) and items (GET /Items). Each is one short unpaged list. A tax rate's id is its TaxType
 * code, which is how documents' lines name it (taxRateRef.id); a tracking option's id is its TrackingOptionID,
 * which is how lines name theirs (trackingCategoryRefs).
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, numberOf, textOf } from '../../json-fields.js'
import { parseXeroDate, readXeroList, xeroHeaders } from './xero-api.js'

type TaxRate = DataRecordOf<'taxRates'>
type TrackingCategory = DataRecordOf<'trackingCategories'>
type Item = DataRecordOf<'items'>
type ItemDefaults = NonNullable<Item['invoiceItem']>

/** Xero deletes a tax rate or tracking option by marking it DELETED; it is gone from Xero's pickers, as an archived one is. */
const STATUS_OF: Readonly<Record<string, 'Active' | 'Archived'>> = { ACTIVE: 'Active', ARCHIVED: 'Archived', DELETED: 'Archived' }

export const xeroTaxRates: DataSource<'taxRates'> = {
  dataType: 'taxRates',
  // Xero's TaxRates takes no If-Modified-Since, and its rates carry no modified date.
  isIncremental: false,
  request: (context) => ({ url: `${context.baseUrl}/TaxRates`, headers: xeroHeaders({ ...context, modifiedSince: undefined }) }),
  read(response) {
    const { items } = readXeroList(response.body, 'TaxRates')
    return { records: items.map(readXeroTaxRate), next: undefined }
  },
}

function readXeroTaxRate(raw: unknown, index: number): SourceRecord<'taxRates'> {
  if (!isObject(raw)) throw new DataSourceError(`Xero's TaxRates[${index}] is not an object.`)
  const code = textOf(raw['TaxType'])
  if (code === undefined) throw new DataSourceError(`Xero's TaxRates[${index}] has no TaxType.`)
  const rate: TaxRate = { id: code, code, status: STATUS_OF[raw['Status'] as string] ?? 'Unknown' }
  const name = textOf(raw['Name'])
  if (name !== undefined) rate.name = name
  // Both are percentages already (20 for 20%), as the unified model's are.
  const effective = numberOf(raw['EffectiveRate'])
  if (effective !== undefined) rate.effectiveTaxRate = effective
  const total = numberOf(raw['DisplayTaxRate'])
  if (total !== undefined) rate.totalTaxRate = total
  const components = raw['TaxComponents']
  if (Array.isArray(components)) {
    rate.components = components.filter(isObject).map((component) => {
      const result: NonNullable<TaxRate['components']>[number] = { isCompound: component['IsCompound'] === true }
      const componentName = textOf(component['Name'])
      if (componentName !== undefined) result.name = componentName
      const componentRate = numberOf(component['Rate'])
      if (componentRate !== undefined) result.rate = componentRate
      return result
    })
  }
  if (raw['Status'] === 'DELETED') rate.metadata = { isDeleted: true }
  return { id: code, modifiedAt: undefined, data: rate }
}

export const xeroTrackingCategories: DataSource<'trackingCategories'> = {
  dataType: 'trackingCategories',
  // No If-Modified-Since either; archived categories and options are asked for, so an archived one is seen as such.
  isIncremental: false,
  request: (context) => ({ url: `${context.baseUrl}/TrackingCategories?includeArchived=true`, headers: xeroHeaders({ ...context, modifiedSince: undefined }) }),
  read(response) {
    const { items } = readXeroList(response.body, 'TrackingCategories')
    return { records: items.flatMap(readXeroTrackingCategory), next: undefined }
  },
}

/** A category and its options, flat: the unified list is a tree by parentId, Xero's category its options' parent. */
function readXeroTrackingCategory(raw: unknown, index: number): Array<SourceRecord<'trackingCategories'>> {
  if (!isObject(raw)) throw new DataSourceError(`Xero's TrackingCategories[${index}] is not an object.`)
  const id = textOf(raw['TrackingCategoryID'])
  if (id === undefined) throw new DataSourceError(`Xero's TrackingCategories[${index}] has no TrackingCategoryID.`)
  const options = (Array.isArray(raw['Options']) ? raw['Options'] : []).filter(isObject)
  const records: Array<SourceRecord<'trackingCategories'>> = [{ id, modifiedAt: undefined, data: trackingNode(id, raw['Name'], raw['Status'], undefined, options.length > 0) }]
  for (const option of options) {
    const optionId = textOf(option['TrackingOptionID'])
    if (optionId === undefined) throw new DataSourceError(`Xero's tracking category ${id} has an option without a TrackingOptionID.`)
    records.push({ id: optionId, modifiedAt: undefined, data: trackingNode(optionId, option['Name'], option['Status'], id, false) })
  }
  return records
}

function trackingNode(id: string, name: unknown, status: unknown, parentId: string | undefined, hasChildren: boolean): TrackingCategory {
  const node: TrackingCategory = { id, status: STATUS_OF[status as string] ?? 'Unknown', hasChildren }
  const text = textOf(name)
  if (text !== undefined) node.name = text
  if (parentId !== undefined) node.parentId = parentId
  if (status === 'DELETED') node.metadata = { isDeleted: true }
  return node
}

export const xeroItems: DataSource<'items'> = {
  dataType: 'items',
  isIncremental: true,
  request: (context) => ({ url: `${context.baseUrl}/Items`, headers: xeroHeaders(context) }),
  read(response) {
    const { items } = readXeroList(response.body, 'Items')
    return { records: items.map(readXeroItem), next: undefined }
  },
}

/**
 * Xero deletes items outright, so every item it lists is Active. It tells stock it tracks (Inventory) from
 * everything else, but not a service from a non-stock good: an untracked item is NonInventory.
 */
function readXeroItem(raw: unknown, index: number): SourceRecord<'items'> {
  if (!isObject(raw)) throw new DataSourceError(`Xero's Items[${index}] is not an object.`)
  const id = textOf(raw['ItemID'])
  if (id === undefined) throw new DataSourceError(`Xero's Items[${index}] has no ItemID.`)
  const modifiedAt = parseXeroDate(raw['UpdatedDateUTC'])
  const isSold = raw['IsSold'] === true
  const isPurchased = raw['IsPurchased'] === true
  const item: Item = { id, itemStatus: 'Active', type: raw['IsTrackedAsInventory'] === true ? 'Inventory' : 'NonInventory', isBillItem: isPurchased, isInvoiceItem: isSold }
  const name = textOf(raw['Name'])
  if (name !== undefined) item.name = name
  const code = textOf(raw['Code'])
  if (code !== undefined) item.code = code
  if (isPurchased) item.billItem = itemDefaults(raw['PurchaseDescription'], raw['PurchaseDetails'])
  if (isSold) item.invoiceItem = itemDefaults(raw['Description'], raw['SalesDetails'])
  if (modifiedAt !== undefined) item.sourceModifiedDate = isoDateTime(modifiedAt)
  return { id, modifiedAt: modifiedAt === undefined ? undefined : new Date(modifiedAt), data: item }
}

/** Xero names the default account by its code only (no AccountID), so the account is left out rather than guessed. */
function itemDefaults(description: unknown, details: unknown): ItemDefaults {
  const defaults: ItemDefaults = {}
  const text = textOf(description)
  if (text !== undefined) defaults.description = text
  if (!isObject(details)) return defaults
  const unitPrice = numberOf(details['UnitPrice'])
  if (unitPrice !== undefined) defaults.unitPrice = unitPrice
  const taxType = textOf(details['TaxType'])
  if (taxType !== undefined) defaults.taxRateRef = { id: taxType }
  return defaults
}

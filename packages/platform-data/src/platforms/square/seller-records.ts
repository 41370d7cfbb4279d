/**
 * @module The seller and what it keeps (Square API): the seller itself (GET /v2/merchants/me), its locations,
 * customers (POST /v2/customers/search), and its item library (GET /v2/catalog/list): items with their variations, categories and taxes.
 */
import type { CommerceAddress, DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, textOf } from '../../json-fields.js'
import { changedAt, moneyOf, nextSquarePage, requireSquareId, SQUARE_HEADERS, squareDateTime, squareLimit, squareListItems, squareListSource } from './square-api.js'

type ProductVariant = NonNullable<DataRecordOf<'commerce-products'>['variants']>[number]

/** A Square Address as the unified one; undefined when it has no field at all. */
function addressOf(raw: unknown, type: CommerceAddress['type']): CommerceAddress | undefined {
  if (!isObject(raw)) return undefined
  const fields = {
    line1: textOf(raw['address_line_1']),
    line2: textOf(raw['address_line_2']),
    city: textOf(raw['locality']),
    region: textOf(raw['administrative_district_level_1']),
    country: textOf(raw['country']),
    postalCode: textOf(raw['postal_code']),
  }
  const present = Object.entries(fields).filter(([, value]) => value !== undefined)
  return present.length === 0 ? undefined : { type, ...Object.fromEntries(present) }
}

/** GET /v2/merchants/me: the seller the token stands for, never paged. Its id is what the reference keeps as commercePlatformRef. */
export const squareCompanyInfo: DataSource<'commerce-companyInfo'> = {
  dataType: 'commerce-companyInfo',
  isIncremental: false,
  request: (context) => ({ url: `${context.baseUrl}/v2/merchants/me`, headers: SQUARE_HEADERS }),
  read(response) {
    const merchant = isObject(response.body) ? response.body['merchant'] : undefined
    if (!isObject(merchant)) throw new DataSourceError("Square's answer has no merchant object.")
    const id = textOf(merchant['id'])
    if (id === undefined) throw new DataSourceError("Square's merchant has no id.")
    // A seller has no change time in Square's API: the record is dated by nothing, and read whole each sync.
    const data: DataRecordOf<'commerce-companyInfo'> = { commercePlatformRef: id }
    const name = textOf(merchant['business_name'])
    if (name !== undefined) data.companyName = name
    const currency = textOf(merchant['currency'])
    if (currency !== undefined) data.baseCurrency = currency
    const created = squareDateTime(merchant['created_at'])
    if (created !== undefined) data.createdDate = created
    return { records: [{ id, modifiedAt: undefined, data }], next: undefined }
  },
}

/** GET /v2/locations: every location in one answer (ListLocations has no paging). Square dates a location by its creation only. */
export const squareLocations = squareListSource({
  dataType: 'commerce-locations',
  path: '/v2/locations',
  listName: 'locations',
  readPage: (items) =>
    items.map((raw, index): SourceRecord<'commerce-locations'> => {
      const id = requireSquareId(raw, 'locations', index)
      const data: DataRecordOf<'commerce-locations'> = { id }
      const name = textOf(raw['name'])
      if (name !== undefined) data.name = name
      // A location is where the seller does business: where it sells and keeps stock, which the reference calls Inventory.
      const address = addressOf(raw['address'], 'Inventory')
      if (address !== undefined) data.address = address
      return { id, modifiedAt: undefined, data }
    }),
})

/**
 * POST /v2/customers/search, 100 a page, oldest first; an incremental read asks for those updated since the last
 * sync (ListCustomers has no such filter). Square says a change can take a minute to reach the search: the engine's
 * incremental reads start five minutes before the last sync did.
 */
export const squareCustomers: DataSource<'commerce-customers'> = {
  dataType: 'commerce-customers',
  isIncremental: true,
  request(context, cursor) {
    const filter = context.modifiedSince === undefined ? {} : { filter: { updated_at: { start_at: isoDateTime(context.modifiedSince.getTime()) } } }
    const page = cursor?.['cursor']
    return {
      url: `${context.baseUrl}/v2/customers/search`,
      headers: SQUARE_HEADERS,
      method: 'POST',
      body: { limit: Number(squareLimit(context, 100)), query: { ...filter, sort: { field: 'CREATED_AT', order: 'ASC' } }, ...(typeof page === 'string' ? { cursor: page } : {}) },
    }
  },
  read(response) {
    return { records: squareListItems(response.body, 'customers').map(readCustomer), next: nextSquarePage(response.body) }
  },
}

function readCustomer(raw: Record<string, unknown>, index: number): SourceRecord<'commerce-customers'> {
  const id = requireSquareId(raw, 'customers', index)
  const { modifiedAt, dates } = changedAt(raw['updated_at'])
  const data: DataRecordOf<'commerce-customers'> = { id, ...dates }
  const name = [textOf(raw['given_name']), textOf(raw['family_name'])].filter((part) => part !== undefined).join(' ') || textOf(raw['company_name']) || textOf(raw['email_address'])
  if (name !== undefined) data.customerName = name
  const email = textOf(raw['email_address'])
  if (email !== undefined) data.emailAddress = email
  const phone = textOf(raw['phone_number'])
  if (phone !== undefined) data.phone = phone
  // Square keeps one address on a customer and does not say what it is for.
  const address = addressOf(raw['address'], 'Unknown')
  if (address !== undefined) data.addresses = [address]
  const note = textOf(raw['note'])
  if (note !== undefined) data.note = note
  const created = squareDateTime(raw['created_at'])
  if (created !== undefined) data.createdDate = created
  return { id, modifiedAt, data }
}

/** One type of the item library: ListCatalog, one page after another (it takes no limit, and has no change filter). */
function catalogList<K extends 'commerce-products' | 'commerce-productCategories' | 'commerce-taxComponents'>(dataType: K, type: 'ITEM' | 'CATEGORY' | 'TAX', read: (raw: Record<string, unknown>, id: string) => SourceRecord<K>): DataSource<K> {
  return squareListSource({
    dataType,
    path: '/v2/catalog/list',
    listName: 'objects',
    query: () => ({ types: type }),
    // ListCatalog names no deleted object, and answers only the type asked; any other is skipped all the same.
    readPage: (items) => items.filter((raw) => raw['type'] === type && raw['is_deleted'] !== true).map((raw, index) => read(raw, requireSquareId(raw, 'objects', index))),
  })
}

/** The data of a catalog object (`item_data`, `category_data`, `tax_data`), or an empty one. */
function dataOf(raw: Record<string, unknown>, field: string): Record<string, unknown> {
  const data = raw[field]
  return isObject(data) ? data : {}
}

/**
 * Items and their variations: Square keeps price and SKU on the variation, as the reference does. An archived
 * item is Unpublished. A variation's price carries its currency; one priced at the point of sale (VARIABLE_PRICING) has none.
 */
export const squareProducts = catalogList('commerce-products', 'ITEM', (raw, id) => {
  const item = dataOf(raw, 'item_data')
  // The reference's product has no dates of its own (its variants carry them); the item's change time still dates the record.
  const { modifiedAt } = changedAt(raw['updated_at'])
  const name = textOf(item['name'])
  const status: ProductVariant['status'] = item['is_archived'] === true ? 'Unpublished' : 'Published'
  const variations = Array.isArray(item['variations']) ? item['variations'] : []
  const data: DataRecordOf<'commerce-products'> = { id, variants: variations.map((variation, position) => readVariation(variation, { name, status, isTaxable: item['is_taxable'], single: variations.length === 1 }, id, position)) }
  if (name !== undefined) data.name = name
  const description = textOf(item['description_plaintext'])
  if (description !== undefined) data.description = description
  return { id, modifiedAt, data }
})

function readVariation(raw: unknown, item: { name: string | undefined; status: ProductVariant['status']; isTaxable: unknown; single: boolean }, itemId: string, position: number): ProductVariant {
  if (!isObject(raw)) throw new DataSourceError(`Square's item ${itemId} has variations[${position}] that is not an object.`)
  const id = textOf(raw['id'])
  if (id === undefined) throw new DataSourceError(`Square's item ${itemId} has variations[${position}] without an id.`)
  const variation = dataOf(raw, 'item_variation_data')
  const variant: ProductVariant = { id, status: item.status, ...changedAt(raw['updated_at']).dates }
  // An item sold one way has one variation, which Square names "Regular": the item's own name says more.
  const variationName = textOf(variation['name'])
  const name = item.single || variationName === undefined ? item.name : item.name === undefined ? variationName : `${item.name} - ${variationName}`
  if (name !== undefined) variant.name = name
  const sku = textOf(variation['sku'])
  if (sku !== undefined) variant.sku = sku
  const barcode = textOf(variation['upc'])
  if (barcode !== undefined) variant.barcode = barcode
  if (typeof item.isTaxable === 'boolean') variant.isTaxEnabled = item.isTaxable
  const price = moneyOf(variation['price_money'])
  if (price !== undefined) variant.prices = [{ unitPrice: price.amount, ...(price.currency === undefined ? {} : { currency: price.currency }) }]
  return variant
}

/**
 * Categories. A category names its parent (`parent_category`), so its ancestors are known only that far
 * unless Square sends `path_to_root`; whether it has children would take every category, which a page
 * does not hold, so it is left unsaid.
 */
export const squareProductCategories = catalogList('commerce-productCategories', 'CATEGORY', (raw, id) => {
  const category = dataOf(raw, 'category_data')
  const { modifiedAt, dates } = changedAt(raw['updated_at'])
  const data: DataRecordOf<'commerce-productCategories'> = { id, ...dates }
  const name = textOf(category['name'])
  if (name !== undefined) data.name = name
  // path_to_root lists the parent first, then up to the root; the reference wants the root first, the parent last.
  const path = Array.isArray(category['path_to_root']) ? category['path_to_root'].map((node) => (isObject(node) ? textOf(node['category_id']) : undefined)) : []
  const parent = isObject(category['parent_category']) ? textOf(category['parent_category']['id']) : undefined
  const ancestors = path.length > 0 && path.every((ancestor) => ancestor !== undefined) ? [...(path as string[])].reverse() : parent === undefined ? [] : [parent]
  data.ancestorRefs = ancestors.map((ancestor) => ({ id: ancestor, type: 'commerce-productCategories' }))
  return { id, modifiedAt, data }
})

/**
 * Taxes, as the seller set them up. Square's percentage is a decimal string ("8.25"); the reference's rate a
 * fraction. A tax computed on the total with the other taxes (TAX_TOTAL_PHASE) is a compound one.
 */
export const squareTaxComponents = catalogList('commerce-taxComponents', 'TAX', (raw, id) => {
  const tax = dataOf(raw, 'tax_data')
  const { modifiedAt, dates } = changedAt(raw['updated_at'])
  const data: DataRecordOf<'commerce-taxComponents'> = { id, name: textOf(tax['name']) ?? id, isCompound: tax['calculation_phase'] === 'TAX_TOTAL_PHASE', ...dates }
  const percentage = textOf(tax['percentage'])
  if (percentage !== undefined && Number.isFinite(Number(percentage))) data.rate = Math.round(Number(percentage) * 10_000) / 1_000_000
  return { id, modifiedAt, data }
})

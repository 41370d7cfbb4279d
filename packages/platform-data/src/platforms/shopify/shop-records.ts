/**
 * @module The shop and what it keeps (Shopify Admin REST): the shop itself (GET /shop.json), its customers,
 * products with their variants, collections and locations, read into the unified commerce records.
 */
import type { CommerceAddress, DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type SourceRecord } from '../../data-source.js'
import { isObject, numberOf, textOf } from '../../json-fields.js'
import { changedAt, idOf, moneyOf, nextShopifyPage, requestShopifyPage, requireId, shopifyDateTime, shopifyListItems, shopifyListSource } from './shopify-api.js'

type ProductVariant = NonNullable<DataRecordOf<'commerce-products'>['variants']>[number]

/** A Shopify address (the shop's, a customer's, a location's) as the unified one; undefined when it has no field at all. */
function addressOf(raw: unknown, type: CommerceAddress['type']): CommerceAddress | undefined {
  if (!isObject(raw)) return undefined
  const fields = {
    line1: textOf(raw['address1']),
    line2: textOf(raw['address2']),
    city: textOf(raw['city']),
    region: textOf(raw['province']),
    country: textOf(raw['country_code']) ?? textOf(raw['country']),
    postalCode: textOf(raw['zip']),
  }
  const present = Object.entries(fields).filter(([, value]) => value !== undefined)
  return present.length === 0 ? undefined : { type, ...Object.fromEntries(present) }
}

/** GET /shop.json: one object, never paged. Its id is the shop's, which the reference keeps as commercePlatformRef. */
export const shopifyCompanyInfo: DataSource<'commerce-companyInfo'> = {
  dataType: 'commerce-companyInfo',
  isIncremental: false,
  request: (context) => ({ url: `${context.baseUrl}/shop.json`, headers: {} }),
  read(response) {
    const shop = isObject(response.body) ? response.body['shop'] : undefined
    if (!isObject(shop)) throw new DataSourceError("Shopify's answer has no shop object.")
    const id = idOf(shop['id'])
    if (id === undefined) throw new DataSourceError("Shopify's shop has no id.")
    const { modifiedAt, dates } = changedAt(shop['updated_at'])
    const data: DataRecordOf<'commerce-companyInfo'> = { commercePlatformRef: id, ...dates }
    const name = textOf(shop['name'])
    if (name !== undefined) data.companyName = name
    const address = addressOf(shop, 'Billing')
    if (address !== undefined) data.addresses = [address]
    const phone = textOf(shop['phone'])
    if (phone !== undefined) data.phoneNumbers = [{ number: phone, type: 'Primary' }]
    // `domain` is the shop's primary domain (its own, or the myshopify.com one when it has none).
    const domain = textOf(shop['domain']) ?? textOf(shop['myshopify_domain'])
    if (domain !== undefined) data.webLinks = [{ type: 'Website', url: `https://${domain}` }]
    const currency = textOf(shop['currency'])
    if (currency !== undefined) data.baseCurrency = currency
    const created = shopifyDateTime(shop['created_at'])
    if (created !== undefined) data.createdDate = created
    return { records: [{ id, modifiedAt, data }], next: undefined }
  },
}

export const shopifyCustomers = shopifyListSource({
  dataType: 'commerce-customers',
  resource: 'customers',
  listName: 'customers',
  modifiedSinceFilter: 'updated_at_min',
  readPage: (items) =>
    items.map((raw, index): SourceRecord<'commerce-customers'> => {
      const id = requireId(raw, 'customers', index)
      const { modifiedAt, dates } = changedAt(raw['updated_at'])
      const data: DataRecordOf<'commerce-customers'> = { id, ...dates }
      const name = [textOf(raw['first_name']), textOf(raw['last_name'])].filter((part) => part !== undefined).join(' ') || textOf(raw['email'])
      if (name !== undefined) data.customerName = name
      const email = textOf(raw['email'])
      if (email !== undefined) data.emailAddress = email
      const phone = textOf(raw['phone'])
      if (phone !== undefined) data.phone = phone
      // Shopify's customer addresses serve for billing and delivery alike: it does not say which is which.
      const addresses = Array.isArray(raw['addresses']) ? raw['addresses'].map((address) => addressOf(address, 'Unknown')).filter((address) => address !== undefined) : []
      if (addresses.length > 0) data.addresses = addresses
      const note = textOf(raw['note'])
      if (note !== undefined) data.note = note
      const currency = textOf(raw['currency'])
      if (currency !== undefined) data.defaultCurrency = currency
      const created = shopifyDateTime(raw['created_at'])
      if (created !== undefined) data.createdDate = created
      return { id, modifiedAt, data }
    }),
})

/** The product's description without its HTML, as the reference's is text: a block's tags part words, inline ones do not. */
function textOfHtml(html: unknown): string | undefined {
  const text = textOf(html)
  if (text === undefined) return undefined
  const blocksParted = text.replace(/<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|table)\b[^>]*>/gi, ' ')
  return textOf(blocksParted.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim())
}

/**
 * A product and its variants. Shopify keeps price, sku, barcode and stock on the variant, as the reference
 * does; a product's status (active, draft, archived) is whether its variants are published. Prices carry no
 * currency: Shopify's are in the shop's (companyInfo's baseCurrency).
 */
export const shopifyProducts = shopifyListSource({
  dataType: 'commerce-products',
  resource: 'products',
  listName: 'products',
  modifiedSinceFilter: 'updated_at_min',
  readPage: (items) =>
    items.map((raw, index): SourceRecord<'commerce-products'> => {
      const id = requireId(raw, 'products', index)
      const title = textOf(raw['title'])
      const status = raw['status'] === 'active' ? 'Published' : raw['status'] === undefined ? 'Unknown' : 'Unpublished'
      const variants = Array.isArray(raw['variants']) ? raw['variants'] : []
      const data: DataRecordOf<'commerce-products'> = { id, variants: variants.map((variant, position) => readVariant(variant, title, status, id, position)) }
      if (title !== undefined) data.name = title
      const description = textOfHtml(raw['body_html'])
      if (description !== undefined) data.description = description
      const type = textOf(raw['product_type'])
      if (type !== undefined) data.categorization = type
      return { id, modifiedAt: changedAt(raw['updated_at']).modifiedAt, data }
    }),
})

function readVariant(raw: unknown, productTitle: string | undefined, status: ProductVariant['status'], productId: string, position: number): ProductVariant {
  if (!isObject(raw)) throw new DataSourceError(`Shopify's product ${productId} has variants[${position}] that is not an object.`)
  const id = idOf(raw['id'])
  if (id === undefined) throw new DataSourceError(`Shopify's product ${productId} has variants[${position}] without an id.`)
  const variant: ProductVariant = { id, status, ...changedAt(raw['updated_at']).dates }
  // A product without options has one variant Shopify titles "Default Title": the product's own name says more.
  const title = textOf(raw['title'])
  const name = title === undefined || title === 'Default Title' ? productTitle : productTitle === undefined ? title : `${productTitle} - ${title}`
  if (name !== undefined) variant.name = name
  const sku = textOf(raw['sku'])
  if (sku !== undefined) variant.sku = sku
  const barcode = textOf(raw['barcode'])
  if (barcode !== undefined) variant.barcode = barcode
  if (typeof raw['taxable'] === 'boolean') variant.isTaxEnabled = raw['taxable']
  if (typeof raw['requires_shipping'] === 'boolean') variant.shippingRequired = raw['requires_shipping']
  const price = moneyOf(raw['price'])
  if (price !== undefined) variant.prices = [{ unitPrice: price }]
  const quantity = numberOf(raw['inventory_quantity'])
  if (quantity !== undefined) variant.inventory = { totalQuantity: quantity }
  const created = shopifyDateTime(raw['created_at'])
  if (created !== undefined) variant.createdDate = created
  return variant
}

/** Shopify's two kinds of collection, read one after the other: those a merchant fills by hand, then those filled by rules. */
const COLLECTION_KINDS = ['custom_collections', 'smart_collections'] as const

/**
 * Product categories are Shopify's collections, custom then smart, in one sync: the cursor says which list it
 * is in. Collections are flat (a collection holds products, never collections), so none has ancestors or children.
 */
export const shopifyProductCategories: DataSource<'commerce-productCategories'> = {
  dataType: 'commerce-productCategories',
  isIncremental: true,
  request(context, cursor) {
    const kind = cursor?.['collections'] === 'smart_collections' ? 'smart_collections' : 'custom_collections'
    const pageInfo = cursor?.['pageInfo']
    return requestShopifyPage(context, kind, {}, pageInfo === undefined ? undefined : { pageInfo })
  },
  read(response, _context, cursor) {
    const kind = cursor?.['collections'] === 'smart_collections' ? 'smart_collections' : 'custom_collections'
    const records = shopifyListItems(response.body, kind).map((raw, index): SourceRecord<'commerce-productCategories'> => {
      const id = requireId(raw, kind, index)
      const { modifiedAt, dates } = changedAt(raw['updated_at'])
      const data: DataRecordOf<'commerce-productCategories'> = { id, ancestorRefs: [], hasChildren: false, ...dates }
      const title = textOf(raw['title'])
      if (title !== undefined) data.name = title
      return { id, modifiedAt, data }
    })
    const next = nextShopifyPage(response.headers)
    if (next !== undefined) return { records, next: { ...next, collections: kind } }
    const following = COLLECTION_KINDS[COLLECTION_KINDS.indexOf(kind) + 1]
    return { records, next: following === undefined ? undefined : { collections: following } }
  },
}

/** Locations: where the shop stocks products and fulfils orders from, so their address is an inventory one. No change filter: every sync reads them all. */
export const shopifyLocations = shopifyListSource({
  dataType: 'commerce-locations',
  resource: 'locations',
  listName: 'locations',
  readPage: (items) =>
    items.map((raw, index): SourceRecord<'commerce-locations'> => {
      const id = requireId(raw, 'locations', index)
      const { modifiedAt, dates } = changedAt(raw['updated_at'])
      const data: DataRecordOf<'commerce-locations'> = { id, ...dates }
      const name = textOf(raw['name'])
      if (name !== undefined) data.name = name
      const address = addressOf(raw, 'Inventory')
      if (address !== undefined) data.address = address
      return { id, modifiedAt, data }
    }),
})

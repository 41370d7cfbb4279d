/**
 * @module QuickBooks Online customers (query `FROM Customer`) read into the unified Customer.
 * Inactive customers are asked for too: QuickBooks leaves them out by default, and a customer made
 * inactive must reach Linkway as Archived rather than linger as Active.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, textOf } from '../../json-fields.js'
import { lastUpdatedOf, readQuickbooksPage, refId, requestQuickbooksPage, type QuickbooksQuery } from './quickbooks-api.js'

type Customer = DataRecordOf<'customers'>
type Address = NonNullable<Customer['addresses']>[number]

const CUSTOMER_QUERY: QuickbooksQuery = { entity: 'Customer', conditions: ['Active IN (true, false)'] }

export const quickbooksCustomers: DataSource<'customers'> = {
  dataType: 'customers',
  isIncremental: true,
  request: (context, cursor) => requestQuickbooksPage(context, CUSTOMER_QUERY, cursor),
  read(response, context, cursor) {
    const { rows, next } = readQuickbooksPage(response.body, CUSTOMER_QUERY, context, cursor)
    const records: Array<SourceRecord<'customers'>> = []
    for (let index = 0; index < rows.length; index++) records.push(readQuickbooksCustomer(rows[index], index))
    return { records, next }
  },
}

function readQuickbooksCustomer(raw: unknown, index: number): SourceRecord<'customers'> {
  if (!isObject(raw)) throw new DataSourceError(`QuickBooks' Customer[${index}] is not an object.`)
  const id = textOf(raw['Id'])
  if (id === undefined) throw new DataSourceError(`QuickBooks' Customer[${index}] has no Id.`)
  const modifiedAt = lastUpdatedOf(raw)

  const customer: Customer = { id, status: raw['Active'] === false ? 'Archived' : raw['Active'] === true ? 'Active' : 'Unknown' }
  // DisplayName is the name QuickBooks shows and keeps unique; CompanyName may be blank for a person.
  const name = textOf(raw['DisplayName'])
  if (name !== undefined) customer.customerName = name
  const contactName = [textOf(raw['GivenName']), textOf(raw['MiddleName']), textOf(raw['FamilyName'])].filter((part) => part !== undefined).join(' ')
  if (contactName !== '') customer.contactName = contactName
  const email = isObject(raw['PrimaryEmailAddr']) ? textOf(raw['PrimaryEmailAddr']['Address']) : undefined
  if (email !== undefined) customer.emailAddress = email
  const phone = freeFormNumber(raw['PrimaryPhone']) ?? freeFormNumber(raw['Mobile'])
  if (phone !== undefined) customer.phone = phone
  const addresses: Address[] = []
  const billing = readAddress(raw['BillAddr'], 'Billing')
  if (billing !== undefined) addresses.push(billing)
  const delivery = readAddress(raw['ShipAddr'], 'Delivery')
  if (delivery !== undefined) addresses.push(delivery)
  if (addresses.length > 0) customer.addresses = addresses
  const currency = refId(raw['CurrencyRef'])
  if (currency !== undefined) customer.defaultCurrency = currency
  if (modifiedAt !== undefined) customer.sourceModifiedDate = isoDateTime(modifiedAt)
  return { id, modifiedAt: modifiedAt === undefined ? undefined : new Date(modifiedAt), data: customer }
}

export function freeFormNumber(phone: unknown): string | undefined {
  return isObject(phone) ? textOf(phone['FreeFormNumber']) : undefined
}

/** QuickBooks' physical address: Line1–Line5, City, CountrySubDivisionCode (the state), PostalCode, Country. */
export function readAddress(raw: unknown, type: Address['type']): Address | undefined {
  if (!isObject(raw)) return undefined
  const address: Address = { type }
  const line1 = textOf(raw['Line1'])
  if (line1 !== undefined) address.line1 = line1
  const rest = [raw['Line2'], raw['Line3'], raw['Line4'], raw['Line5']].map(textOf).filter((line) => line !== undefined)
  if (rest.length > 0) address.line2 = rest.join(', ')
  const city = textOf(raw['City'])
  if (city !== undefined) address.city = city
  const region = textOf(raw['CountrySubDivisionCode'])
  if (region !== undefined) address.region = region
  const country = textOf(raw['Country'])
  if (country !== undefined) address.country = country
  const postalCode = textOf(raw['PostalCode'])
  if (postalCode !== undefined) address.postalCode = postalCode
  return Object.keys(address).length > 1 ? address : undefined
}

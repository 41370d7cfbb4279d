/**
 * @module QuickBooks Online vendors (query `FROM Vendor`) read into the unified Supplier. Inactive vendors are asked
 * for too, as customers are: one made inactive must reach Linkway as Archived rather than linger as Active.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { isObject, textOf } from '../../json-fields.js'
import { freeFormNumber, readAddress } from './customers.js'
import { modifiedOf, quickbooksQuerySource, refId } from './quickbooks-api.js'

type Supplier = DataRecordOf<'suppliers'>
type Address = NonNullable<Supplier['addresses']>[number]

export const quickbooksSuppliers = quickbooksQuerySource('suppliers', { entity: 'Vendor', conditions: ['Active IN (true, false)'] }, (raw, id) => {
  const { modifiedAt, sourceModifiedDate } = modifiedOf(raw)
  const supplier: Supplier = { id, status: raw['Active'] === false ? 'Archived' : raw['Active'] === true ? 'Active' : 'Unknown' }
  // DisplayName is the name QuickBooks shows and keeps unique; CompanyName may be blank for a person.
  const name = textOf(raw['DisplayName'])
  if (name !== undefined) supplier.supplierName = name
  const contactName = [textOf(raw['GivenName']), textOf(raw['MiddleName']), textOf(raw['FamilyName'])].filter((part) => part !== undefined).join(' ')
  if (contactName !== '') supplier.contactName = contactName
  const email = isObject(raw['PrimaryEmailAddr']) ? textOf(raw['PrimaryEmailAddr']['Address']) : undefined
  if (email !== undefined) supplier.emailAddress = email
  const phone = freeFormNumber(raw['PrimaryPhone']) ?? freeFormNumber(raw['Mobile'])
  if (phone !== undefined) supplier.phone = phone
  // A vendor has one address in QuickBooks, the one bills are sent from.
  const billing: Address | undefined = readAddress(raw['BillAddr'], 'Billing')
  if (billing !== undefined) supplier.addresses = [billing]
  const taxNumber = textOf(raw['TaxIdentifier'])
  if (taxNumber !== undefined) supplier.taxNumber = taxNumber
  const currency = refId(raw['CurrencyRef'])
  if (currency !== undefined) supplier.defaultCurrency = currency
  if (sourceModifiedDate !== undefined) supplier.sourceModifiedDate = sourceModifiedDate
  return { id, modifiedAt, data: supplier }
})

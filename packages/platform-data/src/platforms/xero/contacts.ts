/**
 * @module Xero contacts (GET /Contacts) read into the unified Customer (IsCustomer) and Supplier (IsSupplier).
 * Xero marks a contact a customer once it has been sent a sales invoice, a supplier once a bill came from it; one
 * contact can be both, and is then both a customer and a supplier here, with the same id.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type SourceContext, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, textOf } from '../../json-fields.js'
import { parseXeroDate, readXeroPage, requestXeroPage, xeroPageAfter } from './xero-api.js'

type Customer = DataRecordOf<'customers'>
type Supplier = DataRecordOf<'suppliers'>
type Address = NonNullable<Customer['addresses']>[number]
type ContactPerson = NonNullable<Customer['contacts']>[number]

// Archived contacts are left out unless asked for; without them a customer archived in Xero would
// stay Active here forever, since an incremental read would never see it again.
const CUSTOMER_FILTERS = { where: 'IsCustomer==true', includeArchived: 'true' }
const SUPPLIER_FILTERS = { where: 'IsSupplier==true', includeArchived: 'true' }

/**
 * Xero sets IsCustomer when a sales invoice is raised for a contact, IsSupplier when a bill is, and documents that
 * neither changes the contact's UpdatedDateUTC. A read of what changed since the last sync would never see a
 * supplier that has just become a customer (nor a customer that has become a supplier), while invoices name it:
 * no If-Modified-Since bound is safe for these two flags, so every sync reads them whole.
 */
function everyContact(context: SourceContext): SourceContext {
  return { ...context, modifiedSince: undefined }
}

export const xeroCustomers: DataSource<'customers'> = {
  dataType: 'customers',
  isIncremental: false,
  request: (context, cursor) => requestXeroPage(everyContact(context), 'Contacts', CUSTOMER_FILTERS, cursor),
  pageAfter: xeroPageAfter,
  read: (response, context, cursor) => readXeroPage(response, context, cursor, 'Contacts', readXeroContact),
}

export const xeroSuppliers: DataSource<'suppliers'> = {
  dataType: 'suppliers',
  isIncremental: false,
  request: (context, cursor) => requestXeroPage(everyContact(context), 'Contacts', SUPPLIER_FILTERS, cursor),
  pageAfter: xeroPageAfter,
  read: (response, context, cursor) => readXeroPage(response, context, cursor, 'Contacts', (raw, index) => asSupplier(readXeroContact(raw, index))),
}

/** A supplier is the same contact under another name; the unified Supplier has no contact persons. */
function asSupplier({ id, modifiedAt, data }: SourceRecord<'customers'>): SourceRecord<'suppliers'> {
  const { customerName, contacts: _contacts, ...shared } = data
  const supplier: Supplier = { ...shared }
  if (customerName !== undefined) supplier.supplierName = customerName
  return { id, modifiedAt, data: supplier }
}

/** GDPRREQUEST: the contact asked to be forgotten, and Xero has archived it. */
const STATUS_OF: Readonly<Record<string, Customer['status']>> = { ACTIVE: 'Active', ARCHIVED: 'Archived', GDPRREQUEST: 'Archived' }

/** Xero's POBOX is the postal address invoices go to; STREET is where the business is. */
const ADDRESS_TYPE_OF: Readonly<Record<string, Address['type']>> = { POBOX: 'Billing', STREET: 'Delivery' }

/** The number people call first: Xero's default phone, else the mobile, else any that is filled in. */
const PHONE_PREFERENCE: readonly string[] = ['DEFAULT', 'MOBILE', 'DDI']

function readXeroContact(raw: unknown, index: number): SourceRecord<'customers'> {
  if (!isObject(raw)) throw new DataSourceError(`Xero's Contacts[${index}] is not an object.`)
  const id = textOf(raw['ContactID'])
  if (id === undefined) throw new DataSourceError(`Xero's Contacts[${index}] has no ContactID.`)
  const status = textOf(raw['ContactStatus'])
  const modifiedAt = parseXeroDate(raw['UpdatedDateUTC'])

  const customer: Customer = { id, status: (status === undefined ? undefined : STATUS_OF[status]) ?? 'Unknown' }
  const name = textOf(raw['Name'])
  if (name !== undefined) customer.customerName = name
  const contactName = fullName(raw['FirstName'], raw['LastName'])
  if (contactName !== undefined) customer.contactName = contactName
  const email = textOf(raw['EmailAddress'])
  if (email !== undefined) customer.emailAddress = email
  const phone = preferredPhone(raw['Phones'])
  if (phone !== undefined) customer.phone = phone
  const addresses = readAddresses(raw['Addresses'])
  if (addresses.length > 0) customer.addresses = addresses
  const contacts = readContactPersons(raw['ContactPersons'])
  if (contacts.length > 0) customer.contacts = contacts
  const currency = textOf(raw['DefaultCurrency'])
  if (currency !== undefined) customer.defaultCurrency = currency
  const companyNumber = textOf(raw['CompanyNumber'])
  if (companyNumber !== undefined) customer.registrationNumber = companyNumber
  const taxNumber = textOf(raw['TaxNumber'])
  if (taxNumber !== undefined) customer.taxNumber = taxNumber
  // Xero deletes no contact: it archives it, and an archived contact is gone from every list Xero shows.
  if (status === 'ARCHIVED' || status === 'GDPRREQUEST') customer.metadata = { isDeleted: true }
  if (modifiedAt !== undefined) customer.sourceModifiedDate = isoDateTime(modifiedAt)
  return { id, modifiedAt: modifiedAt === undefined ? undefined : new Date(modifiedAt), data: customer }
}

function fullName(first: unknown, last: unknown): string | undefined {
  const given = textOf(first)
  const family = textOf(last)
  if (given === undefined) return family
  return family === undefined ? given : `${given} ${family}`
}

/** Xero splits a number into country, area and local parts; written together as dialled. */
function preferredPhone(phones: unknown): string | undefined {
  if (!Array.isArray(phones)) return undefined
  let best: string | undefined
  let bestRank = Number.POSITIVE_INFINITY
  for (const phone of phones) {
    if (!isObject(phone)) continue
    const number = textOf(phone['PhoneNumber'])
    if (number === undefined) continue
    const preference = PHONE_PREFERENCE.indexOf(phone['PhoneType'] as string)
    const rank = preference === -1 ? PHONE_PREFERENCE.length : preference
    if (rank >= bestRank) continue
    const country = textOf(phone['PhoneCountryCode'])
    const area = textOf(phone['PhoneAreaCode'])
    best = [country === undefined ? undefined : `+${country}`, area, number].filter((part) => part !== undefined).join(' ')
    bestRank = rank
  }
  return best
}

function readAddresses(addresses: unknown): Address[] {
  const result: Address[] = []
  if (!Array.isArray(addresses)) return result
  for (const raw of addresses) {
    if (!isObject(raw)) continue
    // Xero always sends both address slots; an unused one is all blanks and is no address.
    const line1 = textOf(raw['AddressLine1'])
    const rest = [raw['AddressLine2'], raw['AddressLine3'], raw['AddressLine4']].map(textOf).filter((line) => line !== undefined)
    const city = textOf(raw['City'])
    const region = textOf(raw['Region'])
    const postalCode = textOf(raw['PostalCode'])
    const country = textOf(raw['Country'])
    if (line1 === undefined && rest.length === 0 && city === undefined && region === undefined && postalCode === undefined && country === undefined) continue
    const address: Address = { type: ADDRESS_TYPE_OF[raw['AddressType'] as string] ?? 'Unknown' }
    if (line1 !== undefined) address.line1 = line1
    if (rest.length > 0) address.line2 = rest.join(', ')
    if (city !== undefined) address.city = city
    if (region !== undefined) address.region = region
    if (country !== undefined) address.country = country
    if (postalCode !== undefined) address.postalCode = postalCode
    result.push(address)
  }
  return result
}

/** Xero's contact persons are the people at the business besides the primary one. */
function readContactPersons(persons: unknown): ContactPerson[] {
  const result: ContactPerson[] = []
  if (!Array.isArray(persons)) return result
  for (const raw of persons) {
    if (!isObject(raw)) continue
    const person: ContactPerson = { status: 'Active' }
    const name = fullName(raw['FirstName'], raw['LastName'])
    if (name !== undefined) person.name = name
    const email = textOf(raw['EmailAddress'])
    if (email !== undefined) person.email = email
    if (person.name !== undefined || person.email !== undefined) result.push(person)
  }
  return result
}

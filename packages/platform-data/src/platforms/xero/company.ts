/**
 * @module Xero's organisation (GET /Organisation) read into the unified AccountingCompanyInfo: one record, read
 * whole at every sync (Xero's Organisation has no If-Modified-Since). Its id is the organisation's.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource } from '../../data-source.js'
import { isObject, isoDateTime, numberOf, textOf } from '../../json-fields.js'
import { parseXeroDate, readXeroList, xeroHeaders } from './xero-api.js'

type CompanyInfo = DataRecordOf<'company'>
type Address = NonNullable<CompanyInfo['addresses']>[number]
type PhoneNumber = NonNullable<CompanyInfo['phoneNumbers']>[number]

/** Xero's STREET address is where the business is; POBOX is where its post goes, as on its invoices. */
const ADDRESS_TYPE_OF: Readonly<Record<string, Address['type']>> = { STREET: 'Delivery', POBOX: 'Billing' }
const PHONE_TYPE_OF: Readonly<Record<string, PhoneNumber['type']>> = { OFFICE: 'Primary', DEFAULT: 'Primary', DDI: 'Landline', MOBILE: 'Mobile', FAX: 'Fax' }

export const xeroCompany: DataSource<'company'> = {
  dataType: 'company',
  isIncremental: false,
  request: (context) => ({ url: `${context.baseUrl}/Organisation`, headers: xeroHeaders({ ...context, modifiedSince: undefined }) }),
  read(response) {
    const [raw] = readXeroList(response.body, 'Organisations').items
    if (!isObject(raw)) throw new DataSourceError("Xero's answer has no organisation in Organisations.")
    const id = textOf(raw['OrganisationID'])
    if (id === undefined) throw new DataSourceError("Xero's organisation has no OrganisationID.")
    return { records: [{ id, modifiedAt: undefined, data: readOrganisation(raw, id) }], next: undefined }
  },
}

function readOrganisation(raw: Record<string, unknown>, id: string): CompanyInfo {
  const company: CompanyInfo = { accountingPlatformRef: id }
  const name = textOf(raw['Name'])
  if (name !== undefined) company.companyName = name
  const legalName = textOf(raw['LegalName'])
  if (legalName !== undefined) company.companyLegalName = legalName
  const addresses = (Array.isArray(raw['Addresses']) ? raw['Addresses'] : []).flatMap((address): Address[] => {
    if (!isObject(address)) return []
    const result: Address = { type: ADDRESS_TYPE_OF[address['AddressType'] as string] ?? 'Unknown' }
    for (const [from, to] of [['AddressLine1', 'line1'], ['AddressLine2', 'line2'], ['City', 'city'], ['Region', 'region'], ['Country', 'country'], ['PostalCode', 'postalCode']] as const) {
      const value = textOf(address[from])
      if (value !== undefined) result[to] = value
    }
    return Object.keys(result).length > 1 ? [result] : []
  })
  if (addresses.length > 0) company.addresses = addresses
  const phones = (Array.isArray(raw['Phones']) ? raw['Phones'] : []).flatMap((phone): PhoneNumber[] => {
    const number = isObject(phone) ? textOf(phone['PhoneNumber']) : undefined
    return number === undefined || !isObject(phone) ? [] : [{ number, type: PHONE_TYPE_OF[phone['PhoneType'] as string] ?? 'Unknown' }]
  })
  if (phones.length > 0) company.phoneNumbers = phones
  const links = (Array.isArray(raw['ExternalLinks']) ? raw['ExternalLinks'] : []).flatMap((link) => {
    const url = isObject(link) ? textOf(link['Url']) : undefined
    return url === undefined || !isObject(link) ? [] : [{ type: link['LinkType'] === 'Website' ? ('Website' as const) : ('Social' as const), url }]
  })
  if (links.length > 0) company.webLinks = links
  const registration = textOf(raw['RegistrationNumber'])
  if (registration !== undefined) company.registrationNumber = registration
  const taxNumber = textOf(raw['TaxNumber'])
  if (taxNumber !== undefined) company.taxNumber = taxNumber
  const currency = textOf(raw['BaseCurrency'])
  if (currency !== undefined) company.baseCurrency = currency
  const created = parseXeroDate(raw['CreatedDateUTC'])
  if (created !== undefined) company.createdDate = isoDateTime(created)
  const lockedUntil = parseXeroDate(raw['PeriodLockDate'])
  if (lockedUntil !== undefined) company.ledgerLockDate = isoDateTime(lockedUntil)
  const yearStart = financialYearStart(numberOf(raw['FinancialYearEndDay']), numberOf(raw['FinancialYearEndMonth']), created)
  if (yearStart !== undefined) company.financialYearStartDate = yearStart
  return company
}

/**
 * The day after Xero's financial year end (day and month), in the year the organisation was created: the unified
 * model dates the start of a financial year, Xero names its end. A 31 December end starts the year on 1 January.
 */
function financialYearStart(endDay: number | undefined, endMonth: number | undefined, createdAt: number | undefined): string | undefined {
  if (endDay === undefined || endMonth === undefined || endMonth < 1 || endMonth > 12 || endDay < 1 || endDay > 31) return undefined
  // The year before creation's ends the year before the one the organisation began in: its start is on or before creation.
  const year = (createdAt === undefined ? 2001 : new Date(createdAt).getUTCFullYear()) - 1
  return isoDateTime(Date.UTC(year, endMonth - 1, endDay) + 86_400_000)
}

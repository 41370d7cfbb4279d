/**
 * @module QuickBooks Online's company (`GET /companyinfo/{realmId}`) read into the unified AccountingCompanyInfo.
 * CompanyInfo has no currency: the home currency is in Preferences (`CurrencyPrefs.HomeCurrency`), so the read is
 * two requests, Preferences first, its currency carried in the cursor to the CompanyInfo that makes the record.
 * The base currency matters beyond this record: it is the currency the financial statements are given in, as
 * the financial year's start (FiscalYearStartMonth) is where the balance sheet splits current from retained earnings.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource } from '../../data-source.js'
import { isObject, isoDateTime, textOf } from '../../json-fields.js'
import { freeFormNumber, readAddress } from './customers.js'
import { modifiedOf, parseQuickbooksDate, readQuickbooksObject, refId, requestQuickbooksObject } from './quickbooks-api.js'

type CompanyInfo = DataRecordOf<'company'>

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

export const quickbooksCompany: DataSource<'company'> = {
  dataType: 'company',
  isIncremental: false,
  request(context, cursor) {
    if (cursor === undefined) return requestQuickbooksObject(context, 'preferences')
    const realmId = textOf(context.connectionInfo['realmId'])
    if (realmId === undefined) throw new DataSourceError('The QuickBooks connection has no realmId.')
    return requestQuickbooksObject(context, `companyinfo/${encodeURIComponent(realmId)}`)
  },
  read(response, context, cursor) {
    if (cursor === undefined) {
      const preferences = readQuickbooksObject(response.body, 'Preferences')
      const currencyPrefs = isObject(preferences['CurrencyPrefs']) ? preferences['CurrencyPrefs'] : {}
      return { records: [], next: { step: 'companyInfo', homeCurrency: refId(currencyPrefs['HomeCurrency']) ?? '' } }
    }
    const raw = readQuickbooksObject(response.body, 'CompanyInfo')
    const info: CompanyInfo = {}
    const name = textOf(raw['CompanyName'])
    if (name !== undefined) info.companyName = name
    const legalName = textOf(raw['LegalName'])
    if (legalName !== undefined) info.companyLegalName = legalName
    const address = readAddress(raw['CompanyAddr'], 'Billing')
    if (address !== undefined) info.addresses = [address]
    const phone = freeFormNumber(raw['PrimaryPhone'])
    if (phone !== undefined) info.phoneNumbers = [{ number: phone, type: 'Primary' }]
    const website = isObject(raw['WebAddr']) ? textOf(raw['WebAddr']['URI']) : undefined
    if (website !== undefined) info.webLinks = [{ type: 'Website', url: website }]
    const homeCurrency = textOf(cursor['homeCurrency'])
    if (homeCurrency !== undefined) info.baseCurrency = homeCurrency
    const startedAt = parseQuickbooksDate(raw['CompanyStartDate'])
    if (startedAt !== undefined) info.createdDate = isoDateTime(startedAt)
    const yearStart = financialYearStart(MONTHS.indexOf(textOf(raw['FiscalYearStartMonth']) ?? ''), startedAt)
    if (yearStart !== undefined) info.financialYearStartDate = yearStart
    const realmId = textOf(context.connectionInfo['realmId'])
    if (realmId !== undefined) info.accountingPlatformRef = realmId
    const { modifiedAt } = modifiedOf(raw)
    return { records: [{ id: realmId ?? textOf(raw['Id']) ?? 'company', modifiedAt, data: info }], next: undefined, totalRecords: 1 }
  },
}

/**
 * The first day of the financial year the company started in: QuickBooks names only the month its years start in,
 * and the reference's financialYearStartDate is a date, so the company's start date gives the year. Undefined
 * without either.
 */
function financialYearStart(startMonth: number, startedAt: number | undefined): string | undefined {
  if (startMonth < 0 || startedAt === undefined) return undefined
  const started = new Date(startedAt)
  const year = started.getUTCMonth() >= startMonth ? started.getUTCFullYear() : started.getUTCFullYear() - 1
  return isoDateTime(Date.UTC(year, startMonth, 1))
}

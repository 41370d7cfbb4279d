/**
 * @module QuickBooks Online tax rates (query `FROM TaxRate`, inactive ones too) read into the unified TaxRate.
 * QuickBooks keeps a rate as one percentage (`RateValue`); a tax made of several is a TaxCode combining rates, so
 * each rate is one component of itself.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { numberOf, textOf } from '../../json-fields.js'
import { modifiedOf, quickbooksQuerySource } from './quickbooks-api.js'

type TaxRate = DataRecordOf<'taxRates'>

export const quickbooksTaxRates = quickbooksQuerySource('taxRates', { entity: 'TaxRate', conditions: ['Active IN (true, false)'] }, (raw, id) => {
  const { modifiedAt, sourceModifiedDate } = modifiedOf(raw)
  const taxRate: TaxRate = { id, status: raw['Active'] === false ? 'Archived' : raw['Active'] === true ? 'Active' : 'Unknown' }
  const name = textOf(raw['Name'])
  if (name !== undefined) taxRate.name = name
  const code = textOf(raw['Description'])
  if (code !== undefined) taxRate.code = code
  const rate = numberOf(raw['RateValue'])
  if (rate !== undefined) {
    taxRate.effectiveTaxRate = rate
    taxRate.totalTaxRate = rate
    taxRate.components = [{ ...(name !== undefined ? { name } : {}), rate, isCompound: false }]
  }
  if (sourceModifiedDate !== undefined) taxRate.sourceModifiedDate = sourceModifiedDate
  return { id, modifiedAt, data: taxRate }
})

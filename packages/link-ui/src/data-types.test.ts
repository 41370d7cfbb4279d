import { DATA_TYPES } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { humaniseDataType } from './data-types.js'
import { MESSAGES } from './i18n/index.js'

describe('humaniseDataType', () => {
  it('turns keys into sentence-case words, without the category prefix', () => {
    expect(humaniseDataType('banking-transactions', {})).toBe('Transactions')
    expect(humaniseDataType('chartOfAccounts', {})).toBe('Chart of accounts')
    expect(humaniseDataType('banking-accountBalances', {})).toBe('Account balances')
    expect(humaniseDataType('commerce-companyInfo', {})).toBe('Company info')
    expect(humaniseDataType('taxRates', {})).toBe('Tax rates')
    expect(humaniseDataType('VAT', {})).toBe('VAT')
  })

  it('prefers the dictionary’s translation', () => {
    expect(humaniseDataType('chartOfAccounts', MESSAGES.fr.dataTypes)).toBe('Plan comptable')
    expect(humaniseDataType('banking-transactions', MESSAGES.de.dataTypes)).toBe('Umsätze')
    expect(humaniseDataType('commerce-orders', MESSAGES.en.dataTypes)).toBe('Orders')
  })

  it('does not mistake Object.prototype’s names for translations', () => {
    expect(humaniseDataType('constructor', MESSAGES.en.dataTypes)).toBe('Constructor')
    expect(humaniseDataType('toString', MESSAGES.en.dataTypes)).toBe('To string')
  })

  it('has a name for every default data type of the settings', () => {
    const defaults = ['chartOfAccounts', 'invoices', 'bills', 'customers', 'suppliers', 'payments', 'bankAccounts', 'journalEntries', 'banking-accounts', 'banking-accountBalances', 'banking-transactions', 'commerce-companyInfo', 'commerce-customers', 'commerce-orders', 'commerce-products', 'commerce-payments']
    for (const language of ['de', 'fr'] as const) {
      for (const key of defaults) expect(Object.hasOwn(MESSAGES[language].dataTypes, key.replace(/^(banking|commerce)-/, '')), `${language} ${key}`).toBe(true)
    }
  })

  it('names every data type Linkway syncs in every language, so a consent screen never falls back to English words', () => {
    for (const language of ['de', 'fr'] as const) {
      for (const dataType of DATA_TYPES) expect(Object.hasOwn(MESSAGES[language].dataTypes, dataType.replace(/^(banking|commerce)-/, '')), `${language} ${dataType}`).toBe(true)
    }
    // English reads a key's own spelling; its table holds only the names that spelling would not give.
    for (const [key, name] of Object.entries(MESSAGES.en.dataTypes)) expect(humaniseDataType(key, {}), key).not.toBe(name)
    expect(DATA_TYPES.map((dataType) => humaniseDataType(dataType, MESSAGES.en.dataTypes))).toContain('Purchase orders')
  })
})

/** @module Pieces the datasets' records are made of: money, dates, names, addresses, the company. */
import { DAY_MS, isoDateTime } from '../date-formats.js'
import { hashText, uuidFrom, type RecordRandom } from '../deterministic-random.js'
import { baseCurrencyOf, CURRENCIES, HISTORY_MS, type Currency, type DataFamily, type GenerationContext } from '../generated-data.js'
import * as words from './word-lists.js'

export interface Address {
  line1: string
  city: string
  postalCode: string
  country: string
}

export function toMoney(cents: number): number {
  return Math.round(cents) / 100
}

export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS
}

/** Mostly the business's own currency, sometimes another. */
export function pickCurrency(ctx: GenerationContext, random: RecordRandom): Currency {
  return random.isChance(0.8) ? baseCurrencyOf(ctx) : random.pick(CURRENCIES)
}

export const TAX_RATES: Record<Currency, readonly number[]> = { GBP: [0.2, 0.2, 0.05, 0], EUR: [0.19, 0.19, 0.07, 0], USD: [0, 0.0825] }

export function pickCompanyName(random: RecordRandom): string {
  return `${random.pick(words.COMPANY_WORDS)} ${random.pick(words.COMPANY_KINDS)}`
}

export function slugOf(name: string): string {
  return name.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
}

export function pickAddress(random: RecordRandom): Address {
  const place = random.pick(words.CITIES)
  return { line1: `${random.integer(1, 240)} ${random.pick(words.STREETS)}`, city: place.city, postalCode: place.postalCode, country: place.country }
}

export function pickPhone(random: RecordRandom): string {
  // 020 7946 0xxx is the UK range set aside for drama: it reaches no one.
  return `+44 20 7946 0${String(random.integer(0, 999)).padStart(3, '0')}`
}

export interface Company {
  id: string
  companyName: string
  legalName: string
  registrationNumber: string
  baseCurrency: Currency
  address: Address
  phone: string
  websiteUrl: string
  createdDate: string
  modifiedDate: string
}

/** The business behind a dataset family: one record, from the seed alone. */
export function buildCompany(family: DataFamily): (ctx: GenerationContext, random: RecordRandom) => Company {
  return (ctx: GenerationContext, random: RecordRandom): Company => {
    const companyName = pickCompanyName(random)
    const form = random.pick(words.COMPANY_FORMS)
    return {
      id: uuidFrom(ctx.seed, hashText(`${family}.company.id`)),
      companyName,
      legalName: form === '' ? companyName : `${companyName} ${form}`,
      registrationNumber: String(random.integer(1_000_000, 15_999_999)).padStart(8, '0'),
      baseCurrency: baseCurrencyOf(ctx),
      address: pickAddress(random),
      phone: pickPhone(random),
      websiteUrl: `https://${slugOf(companyName)}.example`,
      createdDate: isoDateTime(startOfDay(ctx.anchor - HISTORY_MS - random.integer(30, 900) * DAY_MS)),
      modifiedDate: isoDateTime(startOfDay(ctx.anchor - random.integer(1, 60) * DAY_MS)),
    }
  }
}

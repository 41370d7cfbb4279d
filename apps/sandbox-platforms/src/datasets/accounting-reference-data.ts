/**
 * @module The accounting family's reference lists: tax rates, payment methods, tracking categories and items.
 * Other records point at them, so each comes with the helper that makes such a pointer to a record that exists
 * at the grant's dataset sizes (an index past a dataset's size is no record).
 */
import { isoDateTime } from '../date-formats.js'
import type { RecordRandom } from '../deterministic-random.js'
import { baseCurrencyOf, ListDataset, makeRef, type Currency, type GenerationContext, type Ref } from '../generated-data.js'
import { ledgerAccounts } from './accounting-data.js'
import { TAX_RATES, toMoney } from './record-parts.js'
import * as words from './word-lists.js'

/** Record i of a catalogue-backed dataset: the catalogue's entry, and which repetition of the catalogue it is in. */
function catalogueEntry<T>(catalogue: readonly T[], index: number): { entry: T; round: number; position: number } {
  const position = index % catalogue.length
  return { entry: catalogue[position]!, round: Math.floor(index / catalogue.length), position }
}

/** A name made unique past the catalogue's first round, as the chart of accounts does (`Sales 2`). */
function nameInRound(name: string, round: number): string {
  return round === 0 ? name : `${name} ${round + 1}`
}

// --- ledger accounts by what they are ------------------------------------------------------------------------

/**
 * A reference to a chart-of-accounts record whose catalogue entry `matches` (an income account for a sale, say),
 * among those that exist at this grant's size; undefined when none does.
 */
export function pickLedgerAccountRef(ctx: GenerationContext, random: RecordRandom, matches: (entry: (typeof words.CHART_OF_ACCOUNTS)[number]) => boolean): Ref | undefined {
  const available = Math.min(ledgerAccounts.size(ctx), words.CHART_OF_ACCOUNTS.length)
  const indices: number[] = []
  for (let index = 0; index < available; index++) if (matches(words.CHART_OF_ACCOUNTS[index]!)) indices.push(index)
  if (indices.length === 0) return undefined
  return ledgerAccounts.refTo(ctx, random.pick(indices), (account) => account.name)
}

// --- taxRates ------------------------------------------------------------------------------------------------

export interface TaxRateComponent {
  name: string
  /** A fraction: 0.0625 is 6.25%. */
  rate: number
  isCompound: boolean
}

export interface SandboxTaxRate {
  id: string
  code: string
  name: string
  /** The currency whose lines it applies to (the sandbox keeps one tax regime per currency). */
  currency: Currency
  /** A fraction, the sum of its components (none compound). */
  rate: number
  components: TaxRateComponent[]
  status: 'Active' | 'Archived'
  modifiedDate: string
}

/** One rate per (currency, rate) the documents use (record-parts' TAX_RATES), so every line's rate has a record. */
const TAX_RATE_CATALOGUE: readonly { code: string; name: string; currency: Currency; components: readonly TaxRateComponent[] }[] = [
  { code: 'GB-STD', name: 'Standard rate VAT', currency: 'GBP', components: [{ name: 'VAT', rate: 0.2, isCompound: false }] },
  { code: 'GB-RED', name: 'Reduced rate VAT', currency: 'GBP', components: [{ name: 'VAT', rate: 0.05, isCompound: false }] },
  { code: 'GB-ZERO', name: 'Zero rated', currency: 'GBP', components: [{ name: 'VAT', rate: 0, isCompound: false }] },
  { code: 'DE-STD', name: 'Umsatzsteuer 19%', currency: 'EUR', components: [{ name: 'USt', rate: 0.19, isCompound: false }] },
  { code: 'DE-RED', name: 'Umsatzsteuer 7%', currency: 'EUR', components: [{ name: 'USt', rate: 0.07, isCompound: false }] },
  { code: 'DE-ZERO', name: 'Steuerfrei', currency: 'EUR', components: [{ name: 'USt', rate: 0, isCompound: false }] },
  {
    code: 'US-TX',
    name: 'Sales tax',
    currency: 'USD',
    components: [
      { name: 'State', rate: 0.0625, isCompound: false },
      { name: 'City', rate: 0.02, isCompound: false },
    ],
  },
  { code: 'US-EXEMPT', name: 'Tax exempt', currency: 'USD', components: [{ name: 'Sales tax', rate: 0, isCompound: false }] },
]

/** A rate as the sum of its components, rounded off float noise (0.0625 + 0.02 is 0.0825). */
function rateOf(components: readonly TaxRateComponent[]): number {
  return Math.round(components.reduce((sum, component) => sum + component.rate, 0) * 1_000_000) / 1_000_000
}

export const taxRates = new ListDataset<SandboxTaxRate>('accounting', 'taxRates', TAX_RATE_CATALOGUE.length, ({ index, id, modifiedAt }) => {
  const { entry, round } = catalogueEntry(TAX_RATE_CATALOGUE, index)
  return {
    id,
    code: round === 0 ? entry.code : `${entry.code}-${round + 1}`,
    name: nameInRound(entry.name, round),
    currency: entry.currency,
    rate: rateOf(entry.components),
    components: entry.components.map((component) => ({ ...component })),
    // A repeated catalogue is an older copy of the rates: archived, so each (currency, rate) has one active record.
    status: round === 0 ? 'Active' : 'Archived',
    modifiedDate: isoDateTime(modifiedAt),
  }
})

/** The active tax rate record of a currency's rate (e.g. GBP 0.2), or undefined when the grant has too few tax rates. */
export function taxRateRefOf(ctx: GenerationContext, currency: Currency, rate: number): Ref | undefined {
  const index = TAX_RATE_CATALOGUE.findIndex((entry) => entry.currency === currency && rateOf(entry.components) === rate)
  if (index < 0 || index >= taxRates.size(ctx)) return undefined
  return taxRates.refTo(ctx, index, (taxRate) => taxRate.name)
}

/** A rate a document line in `currency` may carry (record-parts' TAX_RATES), with its record when it has one. */
export function pickTaxRate(ctx: GenerationContext, random: RecordRandom, currency: Currency): { rate: number; ref: Ref | undefined } {
  const rate = random.pick(TAX_RATES[currency])
  return { rate, ref: taxRateRefOf(ctx, currency, rate) }
}

// --- paymentMethods ------------------------------------------------------------------------------------------

export interface SandboxPaymentMethod {
  /** The method's code: payments name their method by it (`paymentMethod: 'Card'`). */
  id: string
  name: string
  kind: 'BankTransfer' | 'Card' | 'Cash' | 'DirectDebit' | 'Cheque'
  status: 'Active' | 'Archived'
  modifiedDate: string
}

const PAYMENT_METHOD_NAMES: Readonly<Record<(typeof words.PAYMENT_METHODS)[number], string>> = {
  BankTransfer: 'Bank transfer',
  Card: 'Card',
  Cash: 'Cash',
  DirectDebit: 'Direct debit',
  Cheque: 'Cheque',
}

/**
 * The sandbox's payment methods, one per code its payments use. Their id is that code (as the accounting
 * payments already call it), not a generated UUID, so a payment's method resolves without a lookup table.
 */
export const paymentMethods = new ListDataset<SandboxPaymentMethod>('accounting', 'paymentMethods', words.PAYMENT_METHODS.length, ({ index, modifiedAt }) => {
  const { entry, round } = catalogueEntry(words.PAYMENT_METHODS, index)
  return {
    id: paymentMethodIdOf(entry, round),
    name: nameInRound(PAYMENT_METHOD_NAMES[entry], round),
    kind: entry,
    status: round === 0 ? 'Active' : 'Archived',
    modifiedDate: isoDateTime(modifiedAt),
  }
})

function paymentMethodIdOf(code: (typeof words.PAYMENT_METHODS)[number], round: number): string {
  return round === 0 ? code : `${code}-${round + 1}`
}

/** The payment method record of a code, or undefined when the grant has too few payment methods. */
export function paymentMethodRefOf(ctx: GenerationContext, code: (typeof words.PAYMENT_METHODS)[number]): Ref | undefined {
  const index = words.PAYMENT_METHODS.indexOf(code)
  if (index < 0 || index >= paymentMethods.size(ctx)) return undefined
  return makeRef(index, paymentMethodIdOf(code, 0), PAYMENT_METHOD_NAMES[code])
}

// --- trackingCategories --------------------------------------------------------------------------------------

export interface SandboxTrackingCategory {
  id: string
  name: string
  /** The category it sits under; absent at the top of the tree. */
  parentId?: string
  hasChildren: boolean
  status: 'Active' | 'Archived'
  modifiedDate: string
}

/** A two-level tree: parents come before their children, so a child's parent exists whenever the child does. */
const TRACKING_CATALOGUE: readonly { name: string; parent?: number }[] = [
  { name: 'Department' },
  { name: 'Sales', parent: 0 },
  { name: 'Operations', parent: 0 },
  { name: 'Finance', parent: 0 },
  { name: 'Region' },
  { name: 'North', parent: 4 },
  { name: 'South', parent: 4 },
  { name: 'International', parent: 4 },
  { name: 'Project' },
  { name: 'Website redesign', parent: 8 },
  { name: 'Product launch', parent: 8 },
]

export const trackingCategories: ListDataset<SandboxTrackingCategory> = new ListDataset('accounting', 'trackingCategories', TRACKING_CATALOGUE.length, ({ index, id, modifiedAt }, ctx): SandboxTrackingCategory => {
  const { entry, round, position } = catalogueEntry(TRACKING_CATALOGUE, index)
  const roundStart = round * TRACKING_CATALOGUE.length
  const size = ctx.sizeOf('trackingCategories')
  // A parent has children when one of them exists at this size: its first child follows it directly.
  const hasChildren = entry.parent === undefined && index + 1 < size && TRACKING_CATALOGUE[position + 1]?.parent === position
  return {
    id,
    name: nameInRound(entry.name, round),
    ...(entry.parent === undefined ? {} : { parentId: trackingCategories.idOf(ctx, roundStart + entry.parent) }),
    hasChildren,
    status: round === 0 ? 'Active' : 'Archived',
    modifiedDate: isoDateTime(modifiedAt),
  }
})

/** A leaf of the tracking tree (a department, region or project a line is tracked against), or undefined when none exists. */
export function pickTrackingCategoryRef(ctx: GenerationContext, random: RecordRandom): Ref | undefined {
  const available = Math.min(trackingCategories.size(ctx), TRACKING_CATALOGUE.length)
  const leaves: number[] = []
  for (let index = 0; index < available; index++) if (TRACKING_CATALOGUE[index]!.parent !== undefined) leaves.push(index)
  if (leaves.length === 0) return undefined
  return trackingCategories.refTo(ctx, random.pick(leaves), (category) => category.name)
}

// --- items ---------------------------------------------------------------------------------------------------

/** How an item is sold or bought by default. */
export interface ItemDefaults {
  description: string
  unitPrice: number
  accountRef?: Ref
  taxRateRef?: Ref
  /** A fraction, as document lines carry it. */
  taxRate: number
}

export interface SandboxItem {
  id: string
  code: string
  name: string
  kind: 'Inventory' | 'NonInventory' | 'Service'
  status: 'Active' | 'Archived'
  /** Present when the item is sold. */
  sales?: ItemDefaults
  /** Present when the item is bought. */
  purchases?: ItemDefaults
  modifiedDate: string
}

export const items = new ListDataset<SandboxItem>('accounting', 'items', 30, ({ index, id, modifiedAt, random }, ctx) => {
  const kind = random.pick(['Inventory', 'Inventory', 'NonInventory', 'Service'] as const)
  const name = kind === 'Service' ? random.pick(words.SERVICE_DESCRIPTIONS) : `${random.pick(words.PRODUCT_ADJECTIVES)} ${random.pick(words.PRODUCT_NOUNS)}`
  const currency = baseCurrencyOf(ctx)
  const saleCents = random.integer(5, 900) * 100 + random.pick([0, 0, 50, 99])
  const defaultsOf = (description: string, cents: number, accountRef: Ref | undefined): ItemDefaults => {
    const { rate, ref } = pickTaxRate(ctx, random, currency)
    return { description, unitPrice: toMoney(cents), ...(accountRef ? { accountRef } : {}), ...(ref ? { taxRateRef: ref } : {}), taxRate: rate }
  }
  // A service is only sold; stock is bought and sold; a non-stock item is sometimes only bought (supplies).
  const isSold = kind !== 'NonInventory' || random.isChance(0.5)
  const isBought = kind !== 'Service'
  return {
    id,
    code: `ITM-${String(index + 1).padStart(4, '0')}`,
    name,
    kind,
    status: random.isChance(0.9) ? 'Active' : 'Archived',
    ...(isSold ? { sales: defaultsOf(name, saleCents, pickLedgerAccountRef(ctx, random, (account) => account.type === 'Income')) } : {}),
    ...(isBought
      ? {
          purchases: defaultsOf(
            name,
            // Bought for less than it sells for.
            Math.round(saleCents * random.integer(40, 80)) / 100,
            pickLedgerAccountRef(ctx, random, (account) => (kind === 'Inventory' ? account.name === 'Cost of Goods Sold' : account.type === 'Expense')),
          ),
        }
      : {}),
    modifiedDate: isoDateTime(modifiedAt),
  }
})

/** A reference to an item that exists, or undefined when the grant has none. */
export function pickItemRef(ctx: GenerationContext, random: RecordRandom): Ref | undefined {
  return items.pickRef(ctx, random, (item) => item.name)
}

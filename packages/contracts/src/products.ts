/**
 * @module Products a client enables per company (`Company.products`; PUT/DELETE
 * /companies/{companyId}/products/{productIdentifier}), and what refreshing each one reads. The
 * catalogue is data: a product is added here, never as a branch in a service.
 */
import { z } from 'zod'
import { DATA_TYPES, type DataType } from './data/data-types.js'
import { DATA_TYPE_DEFINITIONS, type DataTypeDefinition } from './data/definitions.js'
import { CompanyParams } from './companies.js'
import { WireString } from './wire-values.js'

export interface ProductDefinition {
  /** The reference's identifier, as it appears in the path and in `Company.products`. */
  identifier: string
  /** As the reference's `company.product.*` events name it (`productName`). */
  name: string
  /**
   * What POST …/products/{productIdentifier}/refresh queues, in this order; `null` for a product
   * whose work is writing to the platform (Linkway reads and never pushes), whose refresh is refused
   * with the reference's "doesn't support data refreshing".
   */
  refreshedDataTypes: readonly DataType[] | null
}

/** Every data type of one kind of source, in sync order: a product reads all of its kind's. */
const typesOf = (sourceType: DataTypeDefinition['sourceType']): readonly DataType[] => DATA_TYPES.filter((dataType) => DATA_TYPE_DEFINITIONS[dataType].sourceType === sourceType)
const ACCOUNTING_TYPES = typesOf('Accounting')
const BANKING_TYPES = typesOf('Banking')
const COMMERCE_TYPES = typesOf('Commerce')

/**
 * The reference's product identifiers (its add-product parameter's examples, `Company.products` and
 * the product events' examples). The data types follow the reference's docs of each solution:
 * Lending assesses a business from its accounting, banking and commerce data; Spend Insights reads
 * what a business buys and from whom (suppliers, bills, the ledger, bank transactions).
 */
export const PRODUCTS = [
  { identifier: 'accounting', name: 'Accounting API', refreshedDataTypes: ACCOUNTING_TYPES },
  { identifier: 'banking', name: 'Banking API', refreshedDataTypes: BANKING_TYPES },
  { identifier: 'commerce', name: 'Commerce API', refreshedDataTypes: COMMERCE_TYPES },
  { identifier: 'lending', name: 'Lending', refreshedDataTypes: DATA_TYPES },
  {
    identifier: 'spend-insights',
    name: 'Spend Insights',
    refreshedDataTypes: ['company', 'chartOfAccounts', 'suppliers', 'bills', 'bankAccounts', 'journalEntries', 'banking-accounts', 'banking-transactions'],
  },
  { identifier: 'bank-feeds', name: 'Bank Feeds', refreshedDataTypes: null },
  { identifier: 'payables', name: 'Payables', refreshedDataTypes: null },
  { identifier: 'expenses', name: 'Expenses', refreshedDataTypes: null },
] as const satisfies readonly ProductDefinition[]

export type ProductIdentifier = (typeof PRODUCTS)[number]['identifier']
export const PRODUCT_IDENTIFIERS: readonly ProductIdentifier[] = PRODUCTS.map((product) => product.identifier)

export function findProduct(identifier: string): ProductDefinition | undefined {
  return PRODUCTS.find((product) => product.identifier === identifier)
}

/**
 * Any text the URL can carry: an unknown identifier is the reference's 404 (the service's), not a
 * contract failure; NUL and unpaired surrogates are refused (400) like everywhere else.
 */
export const CompanyProductParams = CompanyParams.extend({
  productIdentifier: WireString.min(1).max(100).meta({ description: `A product identifier: ${PRODUCTS.map((product) => product.identifier).join(', ')}.` }),
})

/** POST …/refresh's optional body: some of the product's data types, else all of them. */
export const RefreshProductRequest = z
  .strictObject({
    dataTypes: z.array(WireString.max(100)).min(1).max(100).optional().meta({ description: "Some of the product's data types; all of them when left out." }),
  })
  .meta({ id: 'RefreshProductRequest' })
export type RefreshProductRequest = z.infer<typeof RefreshProductRequest>

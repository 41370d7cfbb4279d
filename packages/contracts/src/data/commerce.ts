/**
 * @module The commerce records of the unified data model (commerce-companyInfo, -customers, -orders, -products,
 * -payments, -disputes, -locations, -paymentMethods, -productCategories, -taxComponents, -transactions), named as the reference spec names them; ids prefixed `Commerce` so they do not clash with the
 * accounting records in the OpenAPI document.
 */
import { z } from 'zod'
import { DateTimeString, PhoneNumber, SupplementalData, WebLink } from './accounting.js'

export const COMMERCE_ADDRESS_TYPES = ['Billing', 'Delivery', 'Order', 'Inventory', 'Unknown'] as const
export const CommerceAddress = z.object({
  type: z.enum(COMMERCE_ADDRESS_TYPES).optional(),
  line1: z.string().optional(),
  line2: z.string().optional(),
  city: z.string().optional(),
  region: z.string().optional(),
  country: z.string().optional(),
  postalCode: z.string().optional(),
})
export type CommerceAddress = z.infer<typeof CommerceAddress>

/** A reference to another record by id, with its display name where the platform has one. */
const NamedRef = z.object({ id: z.string(), name: z.string().optional() })

export const CommerceCompanyInfo = z
  .object({
    companyName: z.string().optional(),
    commercePlatformRef: z.string().optional(),
    companyLegalName: z.string().optional(),
    addresses: z.array(CommerceAddress).optional(),
    phoneNumbers: z.array(PhoneNumber).optional(),
    webLinks: z.array(WebLink).optional(),
    registrationNumber: z.string().optional(),
    baseCurrency: z.string().optional(),
    accountBalances: z
      .array(
        z.object({
          currency: z.string().optional(),
          available: z.number().optional(),
          pending: z.number().optional(),
        }),
      )
      .optional(),
    sourceUrls: z.record(z.string(), z.string()).optional(),
    createdDate: DateTimeString.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'CommerceCompanyInfo' })
export type CommerceCompanyInfo = z.infer<typeof CommerceCompanyInfo>

export const CommerceCustomer = z
  .object({
    id: z.string(),
    customerName: z.string().optional(),
    emailAddress: z.string().optional(),
    phone: z.string().optional(),
    addresses: z.array(CommerceAddress).optional(),
    note: z.string().optional(),
    defaultCurrency: z.string().optional(),
    createdDate: DateTimeString.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'CommerceCustomer' })
export type CommerceCustomer = z.infer<typeof CommerceCustomer>

export const COMMERCE_PAYMENT_STATUSES = ['Pending', 'Authorized', 'Paid', 'Failed', 'Cancelled', 'Unknown'] as const
export const COMMERCE_PAYMENT_TYPES = [
  'Cash',
  'Card',
  'Invoice',
  'OnlineCard',
  'Swish',
  'Vipps',
  'Mobile',
  'StoreCredit',
  'Paypal',
  'Custom',
  'Prepaid',
  'Unknown',
] as const

const TaxComponentAllocation = z.object({
  rate: z.number().optional(),
  taxComponentRef: z.object({ id: z.string(), name: z.string() }).optional(),
})

export const CommerceOrderLineItem = z
  .object({
    id: z.string(),
    quantity: z.number().optional(),
    unitPrice: z.number().optional(),
    taxPercentage: z.number().optional(),
    totalAmount: z.number().optional(),
    totalTaxAmount: z.number().optional(),
    taxes: z.array(TaxComponentAllocation).optional(),
    productRef: NamedRef.optional(),
    productVariantRef: NamedRef.optional(),
  })
  .meta({ id: 'CommerceOrderLineItem' })
export type CommerceOrderLineItem = z.infer<typeof CommerceOrderLineItem>

export const SERVICE_CHARGE_TYPES = ['Generic', 'Shipping', 'Overpayment', 'Unknown'] as const

export const CommerceOrder = z
  .object({
    id: z.string(),
    orderNumber: z.string().optional(),
    country: z.string().optional(),
    currency: z.string().optional(),
    customerRef: NamedRef.optional(),
    locationRef: NamedRef.optional(),
    orderLineItems: z.array(CommerceOrderLineItem).optional(),
    payments: z
      .array(
        z.object({
          id: z.string(),
          amount: z.number().optional(),
          currency: z.string().optional(),
          type: z.enum(COMMERCE_PAYMENT_TYPES).optional(),
          status: z.enum(COMMERCE_PAYMENT_STATUSES).optional(),
          paymentProvider: z.string().optional(),
          dueDate: DateTimeString.optional(),
          createdDate: DateTimeString.optional(),
          modifiedDate: DateTimeString.optional(),
          sourceModifiedDate: DateTimeString.optional(),
        }),
      )
      .optional(),
    serviceCharges: z
      .array(
        z.object({
          description: z.string().optional(),
          quantity: z.number().optional(),
          taxAmount: z.number().optional(),
          taxPercentage: z.number().optional(),
          taxes: z.array(TaxComponentAllocation).optional(),
          totalAmount: z.number().optional(),
          type: z.enum(SERVICE_CHARGE_TYPES).optional(),
        }),
      )
      .optional(),
    totalAmount: z.number().optional(),
    totalDiscount: z.number().optional(),
    totalGratuity: z.number().optional(),
    totalRefund: z.number().optional(),
    totalTaxAmount: z.number().optional(),
    closedDate: DateTimeString.optional(),
    createdDate: DateTimeString.optional(),
    supplementalData: SupplementalData.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'CommerceOrder' })
export type CommerceOrder = z.infer<typeof CommerceOrder>

export const PRODUCT_VARIANT_STATUSES = ['Unknown', 'Published', 'Unpublished'] as const

export const CommerceProductVariant = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    sku: z.string().optional(),
    barcode: z.string().optional(),
    unitOfMeasure: z.string().optional(),
    status: z.enum(PRODUCT_VARIANT_STATUSES).optional(),
    isTaxEnabled: z.boolean().optional(),
    vatPercentage: z.number().optional(),
    shippingRequired: z.boolean().optional(),
    prices: z.array(z.object({ currency: z.string().optional(), unitPrice: z.number().optional() })).optional(),
    inventory: z
      .object({
        totalQuantity: z.number().optional(),
        locations: z.array(z.object({ locationRef: NamedRef.optional(), quantity: z.number().optional() })).optional(),
      })
      .optional(),
    createdDate: DateTimeString.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'CommerceProductVariant' })
export type CommerceProductVariant = z.infer<typeof CommerceProductVariant>

/** The spec's product has no dates of its own: its variants carry them. */
export const CommerceProduct = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    description: z.string().optional(),
    categorization: z.string().optional(),
    isGiftCard: z.boolean().optional(),
    variants: z.array(CommerceProductVariant).optional(),
    supplementalData: SupplementalData.optional(),
  })
  .meta({ id: 'CommerceProduct' })
export type CommerceProduct = z.infer<typeof CommerceProduct>

export const CommercePayment = z
  .object({
    id: z.string(),
    amount: z.number().optional(),
    currency: z.string().optional(),
    paymentMethodRef: NamedRef.optional(),
    status: z.enum(COMMERCE_PAYMENT_STATUSES).optional(),
    paymentProvider: z.string().optional(),
    dueDate: DateTimeString.optional(),
    createdDate: DateTimeString.optional(),
    supplementalData: SupplementalData.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'CommercePayment' })
export type CommercePayment = z.infer<typeof CommercePayment>

/** What a commerce transaction or a dispute arose from (the spec's `transactionSourceType`). */
export const TRANSACTION_SOURCE_TYPES = ['Fee', 'Order', 'Payment', 'ServiceCharge', 'Unknown'] as const
const TransactionSourceRef = z.object({ id: z.string(), type: z.enum(TRANSACTION_SOURCE_TYPES) })

export const DISPUTE_STATUSES = [
  'Won',
  'Lost',
  'Accepted',
  'Processing',
  'ChargeRefunded',
  'EvidenceRequired',
  'InquiryEvidenceRequired',
  'InquiryProcessing',
  'InquiryClosed',
  'WaitingThirdParty',
  'Unknown',
] as const

export const CommerceDispute = z
  .object({
    id: z.string(),
    disputedTransactions: z.array(TransactionSourceRef).optional(),
    totalAmount: z.number().optional().meta({ description: 'The amount under dispute.' }),
    currency: z.string(),
    status: z.enum(DISPUTE_STATUSES).optional(),
    reason: z.string().optional(),
    dueDate: DateTimeString.optional().meta({ description: 'When the next step of the dispute is due.' }),
    createdDate: DateTimeString.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'CommerceDispute' })
export type CommerceDispute = z.infer<typeof CommerceDispute>

export const CommerceLocation = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    address: CommerceAddress.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'CommerceLocation' })
export type CommerceLocation = z.infer<typeof CommerceLocation>

export const COMMERCE_PAYMENT_METHOD_STATUSES = ['Unknown', 'Active', 'Archived'] as const

export const CommercePaymentMethod = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    status: z.enum(COMMERCE_PAYMENT_METHOD_STATUSES).optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'CommercePaymentMethod' })
export type CommercePaymentMethod = z.infer<typeof CommercePaymentMethod>

export const CommerceProductCategory = z
  .object({
    id: z.string().optional(),
    name: z.string().optional(),
    /** The spec's RecordRef: `type` is the referenced record's data type. */
    ancestorRefs: z
      .array(z.object({ id: z.string(), type: z.string() }))
      .optional()
      .meta({ description: 'The parent categories, the immediate parent last.' }),
    hasChildren: z.boolean().optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'CommerceProductCategory' })
export type CommerceProductCategory = z.infer<typeof CommerceProductCategory>

export const CommerceTaxComponent = z
  .object({
    id: z.string(),
    name: z.string(),
    rate: z.number().optional().meta({ description: 'A fraction of the net price: 0.2 is 20%.' }),
    isCompound: z.boolean().optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'CommerceTaxComponent' })
export type CommerceTaxComponent = z.infer<typeof CommerceTaxComponent>

export const COMMERCE_TRANSACTION_TYPES = ['Payment', 'Refund', 'Payout', 'FailedPayout', 'Transfer', 'PaymentFee', 'PaymentFeeRefund', 'Unknown'] as const

export const CommerceTransaction = z
  .object({
    id: z.string(),
    totalAmount: z.number().optional().meta({ description: 'Positive money in, negative money out of the merchant account.' }),
    currency: z.string().optional(),
    type: z.enum(COMMERCE_TRANSACTION_TYPES).optional(),
    subType: z.string().optional(),
    transactionSourceRef: TransactionSourceRef.optional(),
    supplementalData: SupplementalData.optional(),
    createdDate: DateTimeString.optional(),
    sourceCreatedDate: DateTimeString.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'CommerceTransaction' })
export type CommerceTransaction = z.infer<typeof CommerceTransaction>

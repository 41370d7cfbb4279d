/**
 * @module The commerce sandbox's records (aiwb) in the unified model. As for accounting, `modifiedDate` and
 * `sourceModifiedDate` are both the platform's change time, so a mapping stays pure.
 */
import type {
  CommerceCompanyInfo,
  CommerceCustomer,
  CommerceDispute,
  CommerceLocation,
  CommerceOrder,
  CommercePayment,
  CommercePaymentMethod,
  CommerceProduct,
  CommerceProductCategory,
  CommerceTaxComponent,
  CommerceTransaction,
} from '@linkway/contracts'
import type {
  SandboxCommercePayment,
  SandboxCompany,
  SandboxDispute,
  SandboxLocation,
  SandboxMerchantTransaction,
  SandboxOrder,
  SandboxCommercePaymentMethod,
  SandboxProduct,
  SandboxProductCategory,
  SandboxShopper,
  SandboxTaxComponent,
} from './sandbox-records.js'
import { toSpecDateTime } from './spec-date-time.js'

export function mapCommerceCompany(company: SandboxCompany): CommerceCompanyInfo {
  const modified = toSpecDateTime(company.modifiedDate)
  const { line1, city, postalCode, country } = company.address
  return {
    companyName: company.companyName,
    commercePlatformRef: company.id,
    companyLegalName: company.legalName,
    addresses: [{ type: 'Billing', line1, city, postalCode, country }],
    phoneNumbers: [{ number: company.phone, type: 'Primary' }],
    webLinks: [{ type: 'Website', url: company.websiteUrl }],
    registrationNumber: company.registrationNumber,
    baseCurrency: company.baseCurrency,
    createdDate: toSpecDateTime(company.createdDate),
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

export function mapCommerceCustomer(shopper: SandboxShopper): CommerceCustomer {
  const modified = toSpecDateTime(shopper.modifiedDate)
  const { line1, city, postalCode, country } = shopper.address
  return {
    id: shopper.id,
    customerName: `${shopper.firstName} ${shopper.lastName}`,
    emailAddress: shopper.emailAddress,
    phone: shopper.phone,
    addresses: [{ type: 'Billing', line1, city, postalCode, country }],
    defaultCurrency: shopper.defaultCurrency,
    createdDate: toSpecDateTime(shopper.createdDate),
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

/** The sandbox's products have no variants; the reference keeps sku, price and stock on a variant, so each has one, of the product's id. */
export function mapCommerceProduct(product: SandboxProduct): CommerceProduct {
  const modified = toSpecDateTime(product.modifiedDate)
  return {
    id: product.id,
    name: product.name,
    categorization: product.category,
    variants: [
      {
        id: product.id,
        name: product.name,
        sku: product.sku,
        status: product.isActive ? 'Published' : 'Unpublished',
        prices: [{ currency: product.currency, unitPrice: product.unitPrice }],
        inventory: {
          totalQuantity: product.inventoryQuantity,
          ...(product.stock ? { locations: product.stock.map(({ locationRef, quantity }) => ({ locationRef: { id: locationRef.id, name: locationRef.name }, quantity })) } : {}),
        },
        createdDate: toSpecDateTime(product.createdDate),
        modifiedDate: modified,
        sourceModifiedDate: modified,
      },
    ],
  }
}

/** Orders in these statuses are finished: the reference gives them a closedDate. */
const CLOSED_ORDER_STATUSES: ReadonlySet<SandboxOrder['status']> = new Set(['Fulfilled', 'Refunded', 'Cancelled'])

export function mapCommerceOrder(order: SandboxOrder): CommerceOrder {
  const modified = toSpecDateTime(order.modifiedDate)
  const lines = order.orderLines
  const orderLineItems: NonNullable<CommerceOrder['orderLineItems']> = new Array(lines.length)
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!
    orderLineItems[index] = {
      // The sandbox's lines have no ids; the reference requires one, unique within the order.
      id: `${order.id}-${index + 1}`,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      totalAmount: line.totalAmount,
      totalTaxAmount: line.taxAmount,
      ...(line.productRef ? { productRef: { id: line.productRef.id, name: line.productRef.name } } : {}),
      // The reference's allocation `rate` is, as its description says, the tax amount the component put on the line.
      ...(line.taxComponentRef ? { taxes: [{ taxComponentRef: { id: line.taxComponentRef.id, name: line.taxComponentRef.name }, rate: line.taxAmount }] } : {}),
    }
  }
  return {
    id: order.id,
    orderNumber: order.orderNumber,
    currency: order.currency,
    ...(order.customerRef ? { customerRef: { id: order.customerRef.id, name: order.customerRef.name } } : {}),
    ...(order.locationRef ? { locationRef: { id: order.locationRef.id, name: order.locationRef.name } } : {}),
    orderLineItems,
    ...(order.payments ? { payments: order.payments.map(mapOrderPayment) } : {}),
    ...(order.shipping ? { serviceCharges: [mapShippingCharge(order.shipping)] } : {}),
    totalAmount: order.totalAmount,
    ...(order.totalDiscount !== undefined ? { totalDiscount: order.totalDiscount } : {}),
    ...(order.totalGratuity ? { totalGratuity: order.totalGratuity } : {}),
    totalTaxAmount: order.totalTaxAmount,
    // A refunded order was given back in full; the reference's refunds are negative.
    ...(order.status === 'Refunded' ? { totalRefund: -order.totalAmount } : {}),
    createdDate: toSpecDateTime(order.createdDate),
    // The sandbox does not say when an order closed; its last change is when it reached its final status.
    ...(CLOSED_ORDER_STATUSES.has(order.status) ? { closedDate: modified } : {}),
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

/** Delivery, as the reference's shipping service charge: charged once, its total with its tax. */
function mapShippingCharge(shipping: NonNullable<SandboxOrder['shipping']>): NonNullable<CommerceOrder['serviceCharges']>[number] {
  return {
    type: 'Shipping',
    description: shipping.method,
    quantity: 1,
    taxAmount: shipping.taxAmount,
    totalAmount: Math.round((shipping.amount + shipping.taxAmount) * 100) / 100,
    // As on the lines, the allocation's rate is the tax amount the component put on the charge.
    ...(shipping.taxComponentRef ? { taxes: [{ taxComponentRef: { id: shipping.taxComponentRef.id, name: shipping.taxComponentRef.name }, rate: shipping.taxAmount }] } : {}),
  }
}

/** The reference's payment types for the sandbox's methods: its store is online, so a card is an online card. */
const ORDER_PAYMENT_TYPE_OF: Readonly<Record<SandboxCommercePayment['paymentMethod'], NonNullable<NonNullable<CommerceOrder['payments']>[number]['type']>>> = {
  Card: 'OnlineCard',
  PayPal: 'Paypal',
  BankTransfer: 'Unknown',
}

/** A payment as its order lists it: the same id, amount and status as the commerce-payments record. */
function mapOrderPayment(payment: NonNullable<SandboxOrder['payments']>[number]): NonNullable<CommerceOrder['payments']>[number] {
  const paid = toSpecDateTime(payment.paidDate)
  return {
    id: payment.id,
    amount: payment.amount,
    currency: payment.currency,
    type: ORDER_PAYMENT_TYPE_OF[payment.paymentMethod],
    status: PAYMENT_STATUS_OF[payment.status],
    createdDate: paid,
    modifiedDate: paid,
    sourceModifiedDate: paid,
  }
}

/**
 * The reference's payment statuses have no `Refunded`: the payment itself went through (`Paid`), and the refund
 * shows on the order's totalRefund.
 */
const PAYMENT_STATUS_OF: Readonly<Record<SandboxCommercePayment['status'], NonNullable<CommercePayment['status']>>> = {
  Succeeded: 'Paid',
  Refunded: 'Paid',
  Failed: 'Failed',
}

export function mapCommercePayment(payment: SandboxCommercePayment): CommercePayment {
  const modified = toSpecDateTime(payment.modifiedDate)
  return {
    id: payment.id,
    amount: payment.amount,
    currency: payment.currency,
    ...(payment.paymentMethodRef ? { paymentMethodRef: { id: payment.paymentMethodRef.id, name: payment.paymentMethodRef.name } } : {}),
    status: PAYMENT_STATUS_OF[payment.status],
    createdDate: toSpecDateTime(payment.paidDate),
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

export function mapCommerceLocation(location: SandboxLocation): CommerceLocation {
  const modified = toSpecDateTime(location.modifiedDate)
  const { line1, city, postalCode, country } = location.address
  return {
    id: location.id,
    name: location.name,
    // Every sandbox location holds stock, a store's too: the reference's address type for that is Inventory.
    address: { type: 'Inventory', line1, city, postalCode, country },
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

export function mapCommerceProductCategory(category: SandboxProductCategory): CommerceProductCategory {
  const modified = toSpecDateTime(category.modifiedDate)
  return {
    id: category.id,
    name: category.name,
    // The sandbox's tree is two levels deep, so a category's only ancestor is its parent.
    ancestorRefs: category.parentRef ? [{ id: category.parentRef.id, type: 'ProductCategory' }] : [],
    hasChildren: category.hasChildren,
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

export function mapCommerceTaxComponent(component: SandboxTaxComponent): CommerceTaxComponent {
  const modified = toSpecDateTime(component.modifiedDate)
  return { id: component.id, name: component.name, rate: component.rate, isCompound: component.isCompound, modifiedDate: modified, sourceModifiedDate: modified }
}

export function mapCommercePaymentMethod(method: SandboxCommercePaymentMethod): CommercePaymentMethod {
  const modified = toSpecDateTime(method.modifiedDate)
  return { id: method.id, name: method.name, status: method.status, modifiedDate: modified, sourceModifiedDate: modified }
}

export function mapCommerceDispute(dispute: SandboxDispute): CommerceDispute {
  const modified = toSpecDateTime(dispute.modifiedDate)
  const disputedTransactions: NonNullable<CommerceDispute['disputedTransactions']> = []
  if (dispute.paymentRef) disputedTransactions.push({ id: dispute.paymentRef.id, type: 'Payment' })
  if (dispute.orderRef) disputedTransactions.push({ id: dispute.orderRef.id, type: 'Order' })
  return {
    id: dispute.id,
    disputedTransactions,
    totalAmount: dispute.amount,
    currency: dispute.currency,
    status: dispute.status,
    reason: dispute.reason,
    dueDate: toSpecDateTime(dispute.dueDate),
    createdDate: toSpecDateTime(dispute.createdDate),
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

/** The sandbox's names for what its processor charged: the reference's subType keeps the platform's own word. */
const TRANSACTION_SUBTYPE_OF: Readonly<Record<SandboxMerchantTransaction['type'], string>> = {
  Payment: 'charge',
  PaymentFee: 'processing_fee',
  Refund: 'refund',
  Payout: 'payout',
  Transfer: 'transfer',
}

export function mapCommerceTransaction(transaction: SandboxMerchantTransaction): CommerceTransaction {
  const modified = toSpecDateTime(transaction.modifiedDate)
  const created = toSpecDateTime(transaction.createdDate)
  return {
    id: transaction.id,
    totalAmount: transaction.amount,
    currency: transaction.currency,
    type: transaction.type,
    subType: TRANSACTION_SUBTYPE_OF[transaction.type],
    ...(transaction.sourceRef ? { transactionSourceRef: { id: transaction.sourceRef.id, type: transaction.sourceRef.type } } : {}),
    createdDate: created,
    sourceCreatedDate: created,
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

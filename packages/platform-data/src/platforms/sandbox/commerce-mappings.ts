/**
 * @module The commerce sandbox's records (aiwb) in the unified model. As for accounting, `modifiedDate` and
 * `sourceModifiedDate` are both the platform's change time, so a mapping stays pure.
 */
import type { CommerceCompanyInfo, CommerceCustomer, CommerceOrder, CommercePayment, CommerceProduct } from '@linkway/contracts'
import type { SandboxCommercePayment, SandboxCompany, SandboxOrder, SandboxProduct, SandboxShopper } from './sandbox-records.js'
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
        inventory: { totalQuantity: product.inventoryQuantity },
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
    }
  }
  return {
    id: order.id,
    orderNumber: order.orderNumber,
    currency: order.currency,
    ...(order.customerRef ? { customerRef: { id: order.customerRef.id, name: order.customerRef.name } } : {}),
    orderLineItems,
    totalAmount: order.totalAmount,
    totalTaxAmount: order.totalTaxAmount,
    ...(order.status === 'Refunded' ? { totalRefund: order.totalAmount } : {}),
    createdDate: toSpecDateTime(order.createdDate),
    // The sandbox does not say when an order closed; its last change is when it reached its final status.
    ...(CLOSED_ORDER_STATUSES.has(order.status) ? { closedDate: modified } : {}),
    modifiedDate: modified,
    sourceModifiedDate: modified,
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
    // The sandbox names its methods by a code (Card, PayPal, BankTransfer), which serves as the method's id.
    paymentMethodRef: { id: payment.paymentMethod, name: payment.paymentMethod },
    status: PAYMENT_STATUS_OF[payment.status],
    createdDate: toSpecDateTime(payment.paidDate),
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

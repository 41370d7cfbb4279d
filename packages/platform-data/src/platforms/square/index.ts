/** @module Square's API read into the unified model: every commerce data type but transactions (Square's payouts are not read yet). */
import type { PlatformDataSources } from '../../data-source.js'
import { squareDisputes, squarePaymentMethods, squarePayments } from './money-records.js'
import { squareOrders } from './orders.js'
import { squareCompanyInfo, squareCustomers, squareLocations, squareProductCategories, squareProducts, squareTaxComponents } from './seller-records.js'

export const squareDataSources: PlatformDataSources = {
  'commerce-orders': squareOrders,
  'commerce-companyInfo': squareCompanyInfo,
  'commerce-customers': squareCustomers,
  'commerce-products': squareProducts,
  'commerce-productCategories': squareProductCategories,
  'commerce-locations': squareLocations,
  'commerce-payments': squarePayments,
  'commerce-disputes': squareDisputes,
  'commerce-paymentMethods': squarePaymentMethods,
  'commerce-taxComponents': squareTaxComponents,
}

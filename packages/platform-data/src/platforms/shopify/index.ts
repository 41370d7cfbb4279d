/** @module Shopify's Admin REST API read into the unified model: every commerce data type. */
import type { PlatformDataSources } from '../../data-source.js'
import { shopifyDisputes, shopifyPaymentMethods, shopifyPayments, shopifyTaxComponents, shopifyTransactions } from './money-records.js'
import { shopifyOrders } from './orders.js'
import { shopifyCompanyInfo, shopifyCustomers, shopifyLocations, shopifyProductCategories, shopifyProducts } from './shop-records.js'

export const shopifyDataSources: PlatformDataSources = {
  'commerce-orders': shopifyOrders,
  'commerce-companyInfo': shopifyCompanyInfo,
  'commerce-customers': shopifyCustomers,
  'commerce-products': shopifyProducts,
  'commerce-productCategories': shopifyProductCategories,
  'commerce-locations': shopifyLocations,
  'commerce-payments': shopifyPayments,
  'commerce-transactions': shopifyTransactions,
  'commerce-disputes': shopifyDisputes,
  'commerce-paymentMethods': shopifyPaymentMethods,
  'commerce-taxComponents': shopifyTaxComponents,
}

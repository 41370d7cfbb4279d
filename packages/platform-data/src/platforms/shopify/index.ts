/** @module Shopify's Admin REST API (2024-07) read into the unified model: orders. */
import type { PlatformDataSources } from '../../data-source.js'
import { shopifyOrders } from './orders.js'

export const shopifyDataSources: PlatformDataSources = {
  'commerce-orders': shopifyOrders,
}

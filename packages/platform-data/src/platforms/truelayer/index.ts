/** @module TrueLayer's Data API (v1) read into the unified model: bank transactions. */
import type { PlatformDataSources } from '../../data-source.js'
import { trueLayerTransactions } from './transactions.js'

export const trueLayerDataSources: PlatformDataSources = {
  'banking-transactions': trueLayerTransactions,
}

/** @module Every platform's data sources, by the platform key of its connector (packages/connectors/src/platforms). */
import type { PlatformDataSources } from './data-source.js'
import { quickbooksOnlineDataSources } from './platforms/quickbooks-online/index.js'
import { accountingSandboxDataSources, bankingSandboxDataSources, commerceSandboxDataSources } from './platforms/sandbox/index.js'
import { shopifyDataSources } from './platforms/shopify/index.js'
import { squareDataSources } from './platforms/square/index.js'
import { trueLayerDataSources } from './platforms/truelayer/index.js'
import { xeroDataSources } from './platforms/xero/index.js'

/** A platform absent here reads no data: every dataset queued for it ends NotSupported. */
export const platformDataSources: Readonly<Record<string, PlatformDataSources>> = {
  // Linkway's own sandboxes.
  mqjo: accountingSandboxDataSources,
  bsbx: bankingSandboxDataSources,
  aiwb: commerceSandboxDataSources,
  // Real platforms, each against its own API (and its emulation in apps/sandbox-platforms).
  gbol: xeroDataSources,
  qhyg: quickbooksOnlineDataSources,
  fztf: shopifyDataSources,
  zsth: squareDataSources,
  upvr: trueLayerDataSources,
}

/** The data sources of one platform, or undefined when Linkway reads none of its data. */
export function dataSourcesOf(platformKey: string): PlatformDataSources | undefined {
  // Own keys only: a platform key such as `constructor` must not find something on Object.prototype.
  return Object.hasOwn(platformDataSources, platformKey) ? platformDataSources[platformKey] : undefined
}

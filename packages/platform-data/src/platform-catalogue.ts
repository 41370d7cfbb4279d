/**
 * @module The catalogue the server runs on: one object per platform carrying both how a person
 * signs in (its connector) and how Linkway reads its data (its data sources), so "can this
 * platform sync this data type, and how" is one lookup by key. Composed here, not in
 * @linkway/connectors, because this package already depends on that one and sees both halves.
 */
import { createCatalogue, type Catalogue, type CatalogueOptions, type Connector } from '@linkway/connectors'
import { DATA_TYPE_DEFINITIONS, type DataType } from '@linkway/contracts'
import type { PlatformDataSources } from './data-source.js'
import { dataSourcesOf } from './platform-data-sources.js'

/** A connector as the catalogue serves it, with Linkway's data sources for that platform. */
export interface Platform extends Connector {
  /** How Linkway reads each data type from this platform; empty when it reads none (offline connectors). */
  readonly dataSources: PlatformDataSources
  /**
   * Whether a sync can read this data type here: it is this platform's kind of data (Accounting,
   * Banking or Commerce), the platform has a data API (`apiBaseUrl`) and Linkway has a data source
   * for it. When true, `apiBaseUrl` is known to the type checker.
   */
  canSync(dataType: DataType): this is SyncablePlatform
}

/** A platform a sync can read from: its data API's base is set. */
export type SyncablePlatform = Platform & { readonly apiBaseUrl: string }

/** A connectors Catalogue whose entries are platforms, so every caller that needs only sign-in takes it as a plain Catalogue. */
export interface PlatformCatalogue extends Catalogue {
  readonly connectors: readonly Platform[]
  get(key: string): Platform | undefined
}

const NO_DATA_SOURCES: PlatformDataSources = Object.freeze({})

/**
 * Builds the catalogue once at boot, with the options (and the checks) of `createCatalogue`.
 *
 * @example
 * const catalogue = createPlatformCatalogue({ sandboxUrl: config.sandboxUrl })
 * const xero = catalogue.get('gbol')
 * xero?.auth // Xero's OAuth endpoints
 * if (xero?.canSync('invoices')) xero.dataSources.invoices // the pages a sync reads, from xero.apiBaseUrl
 */
export function createPlatformCatalogue(options: CatalogueOptions = {}): PlatformCatalogue {
  const platforms = Object.freeze(createCatalogue(options).connectors.map((connector) => platformOf(connector, dataSourcesOf(connector.key) ?? NO_DATA_SOURCES)))
  const byKey = new Map(platforms.map((platform) => [platform.key, platform]))
  return Object.freeze({ connectors: platforms, get: (key: string) => byKey.get(key) })
}

function platformOf(connector: Connector, dataSources: PlatformDataSources): Platform {
  return Object.freeze({
    ...connector,
    dataSources,
    // Reads only the fields beside it, never `this`: the rule holds however the method is called.
    canSync(dataType: DataType): this is SyncablePlatform {
      return DATA_TYPE_DEFINITIONS[dataType].sourceType === connector.sourceType && Boolean(connector.apiBaseUrl) && dataSources[dataType] !== undefined
    },
  })
}

/** @module The offline (desktop or not-implemented) accounting platforms: listed so a person finds theirs, never linkable. */
import type { BrandMark, ConnectorDefinition, DeviceNotes } from '../connector.js'
import { ACCOUNTING_DATATYPES, releasedGets } from '../datatype-features.js'
import { defineConnector } from '../define-connector.js'

export function defineOfflineConnector(entry: { key: string; name: string; instructions: string; device: DeviceNotes; brand: BrandMark }): ConnectorDefinition {
  return defineConnector({
    key: entry.key,
    name: entry.name,
    sourceType: 'Accounting',
    isSandbox: false,
    isOfflineConnector: true,
    isBeta: false,
    dataProvidedBy: 'Linkway',
    auth: { kind: 'offline', instructions: entry.instructions },
    device: entry.device,
    datatypeFeatures: releasedGets(ACCOUNTING_DATATYPES),
    brand: entry.brand,
  })
}

/** @module Dynamics 365 Business Central (trji): listed, but offline: Linkway does not implement its auth, which needs a package installed first. */
import { ACCOUNTING_DATATYPES, releasedGets } from '../datatype-features.js'
import { defineConnector } from '../define-connector.js'

export const dynamics365BusinessCentral = defineConnector({
  key: 'trji',
  name: 'Dynamics 365 Business Central',
  sourceType: 'Accounting',
  isSandbox: false,
  isOfflineConnector: true,
  isBeta: false,
  dataProvidedBy: 'Linkway',
  auth: {
    kind: 'offline',
    instructions:
      'Business Central cannot be connected from this page. It needs a package installed first; ask whoever sent you this link how to set it up.',
  },
  device: { desktopOnly: false, needsInstall: true, notMobileOptimised: false, note: 'Needs a package downloaded and installed first.' },
  datatypeFeatures: releasedGets(ACCOUNTING_DATATYPES),
  brand: { primaryColor: '#00756a', textColor: '#ffffff', monogram: 'BC' },
})

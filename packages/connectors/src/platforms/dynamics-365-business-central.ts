/** @module Dynamics 365 Business Central (trji): listed, but offline: Linkway does not implement its auth, which needs a package installed first. */
import { defineOfflineConnector } from './offline-connector.js'

export const dynamics365BusinessCentral = defineOfflineConnector({
  key: 'trji',
  name: 'Dynamics 365 Business Central',
  instructions:
    'Business Central cannot be connected from this page. It needs a package installed first; ask whoever sent you this link how to set it up.',
  device: { desktopOnly: false, needsInstall: true, notMobileOptimised: false, note: 'Needs a package downloaded and installed first.' },
  brand: { primaryColor: '#00756a', textColor: '#ffffff', monogram: 'BC' },
})

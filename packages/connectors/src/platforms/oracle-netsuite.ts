/** @module Oracle NetSuite (akxx): listed, but offline: Linkway does not implement its auth, which needs a package installed in NetSuite. */
import { defineOfflineConnector } from './offline-connector.js'

export const oracleNetsuite = defineOfflineConnector({
  key: 'akxx',
  name: 'Oracle NetSuite',
  instructions:
    'NetSuite cannot be connected from this page. It needs a package installed in your NetSuite account and a role with the right permissions; ask whoever sent you this link how to set it up.',
  device: { desktopOnly: false, needsInstall: true, notMobileOptimised: false, note: 'Needs a package installed in NetSuite first, and a role with the right permissions.' },
  brand: { primaryColor: '#1f3f5f', textColor: '#ffffff', monogram: 'NS' },
})

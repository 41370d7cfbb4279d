/** @module QuickBooks Desktop (pqsw): desktop software, listed so a person can see it, but not linkable through OAuth. */
import { ACCOUNTING_DATATYPES, releasedGets } from '../datatype-features.js'
import { defineConnector } from '../define-connector.js'

export const quickbooksDesktop = defineConnector({
  key: 'pqsw',
  name: 'QuickBooks Desktop',
  sourceType: 'Accounting',
  isSandbox: false,
  isOfflineConnector: true,
  isBeta: false,
  dataProvidedBy: 'Linkway',
  auth: {
    kind: 'offline',
    instructions:
      'QuickBooks Desktop runs on your own computer, so it cannot be connected from this page. It needs a desktop connector installed on the computer that runs QuickBooks; ask whoever sent you this link how to set it up.',
  },
  device: { desktopOnly: true, needsInstall: true, notMobileOptimised: false, note: 'Desktop only: needs the desktop connector installed on the computer that runs QuickBooks Desktop.' },
  datatypeFeatures: releasedGets(ACCOUNTING_DATATYPES),
  brand: { primaryColor: '#236b1d', textColor: '#ffffff', monogram: 'QBD' },
})

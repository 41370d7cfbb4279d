/** @module QuickBooks Desktop (pqsw): desktop software, listed so a person can see it, but not linkable through OAuth. */
import { defineOfflineConnector } from './offline-connector.js'

export const quickbooksDesktop = defineOfflineConnector({
  key: 'pqsw',
  name: 'QuickBooks Desktop',
  instructions:
    'QuickBooks Desktop runs on your own computer, so it cannot be connected from this page. It needs a desktop connector installed on the computer that runs QuickBooks; ask whoever sent you this link how to set it up.',
  device: { desktopOnly: true, needsInstall: true, notMobileOptimised: false, note: 'Desktop only: needs the desktop connector installed on the computer that runs QuickBooks Desktop.' },
  brand: { primaryColor: '#236b1d', textColor: '#ffffff', monogram: 'QBD', simpleIcon: 'quickbooks' },
})

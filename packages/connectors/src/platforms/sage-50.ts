/** @module Sage 50 (UK) (hbql): desktop software, listed so a person can see it, but not linkable through OAuth. */
import { defineOfflineConnector } from './offline-connector.js'

export const sage50 = defineOfflineConnector({
  key: 'hbql',
  name: 'Sage 50 (UK)',
  instructions:
    'Sage 50 runs on your own computer, so it cannot be connected from this page. It needs a desktop connector installed on the computer that runs Sage 50; ask whoever sent you this link how to set it up.',
  device: { desktopOnly: true, needsInstall: true, notMobileOptimised: false, note: 'Desktop only: needs the desktop connector installed on the computer that runs Sage 50.' },
  brand: { primaryColor: '#0b7a35', textColor: '#ffffff', monogram: 'S50', simpleIcon: 'sage' },
})

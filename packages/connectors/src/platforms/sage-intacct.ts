/** @module Sage Intacct (knfz): listed, but offline: Linkway does not implement its auth, whose sign-in is not made for phones. */
import { defineOfflineConnector } from './offline-connector.js'

export const sageIntacct = defineOfflineConnector({
  key: 'knfz',
  name: 'Sage Intacct',
  instructions:
    'Sage Intacct cannot be connected from this page. It needs a user with specific permissions set up in Intacct; ask whoever sent you this link how to set it up.',
  device: { desktopOnly: false, needsInstall: false, notMobileOptimised: true, note: 'Sage Intacct’s sign-in is not optimised for mobile, and needs a user with specific permissions.' },
  brand: { primaryColor: '#0a6b4d', textColor: '#ffffff', monogram: 'SI', simpleIcon: 'sage' },
})

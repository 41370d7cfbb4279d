/** @module Sage Intacct (knfz): listed, but offline: Linkway does not implement its auth, whose sign-in is not made for phones. */
import { ACCOUNTING_DATATYPES, releasedGets } from '../datatype-features.js'
import { defineConnector } from '../define-connector.js'

export const sageIntacct = defineConnector({
  key: 'knfz',
  name: 'Sage Intacct',
  sourceType: 'Accounting',
  isSandbox: false,
  isOfflineConnector: true,
  isBeta: false,
  dataProvidedBy: 'Linkway',
  auth: {
    kind: 'offline',
    instructions:
      'Sage Intacct cannot be connected from this page. It needs a user with specific permissions set up in Intacct; ask whoever sent you this link how to set it up.',
  },
  device: { desktopOnly: false, needsInstall: false, notMobileOptimised: true, note: 'Sage Intacct’s sign-in is not optimised for mobile, and needs a user with specific permissions.' },
  datatypeFeatures: releasedGets(ACCOUNTING_DATATYPES),
  brand: { primaryColor: '#0a6b4d', textColor: '#ffffff', monogram: 'SI' },
})

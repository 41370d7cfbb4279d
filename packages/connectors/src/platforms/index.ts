/** @module Every platform Linkway ships, in the order people see them: by kind, the sandbox first, linkable platforms before offline ones. */
import type { ConnectorDefinition } from '../connector.js'
import { bankingSandbox } from './banking-sandbox.js'
import { commerceSandbox } from './commerce-sandbox.js'
import { dynamics365BusinessCentral } from './dynamics-365-business-central.js'
import { freeagent } from './freeagent.js'
import { oracleNetsuite } from './oracle-netsuite.js'
import { quickbooksDesktop } from './quickbooks-desktop.js'
import { quickbooksOnline } from './quickbooks-online.js'
import { sage50 } from './sage-50.js'
import { sageAccounting } from './sage-accounting.js'
import { sageIntacct } from './sage-intacct.js'
import { sandbox } from './sandbox.js'
import { shopify } from './shopify.js'
import { square } from './square.js'
import { stripe } from './stripe.js'
import { trueLayer } from './truelayer.js'
import { xero } from './xero.js'
import { zohoBooks } from './zoho-books.js'

export {
  bankingSandbox,
  commerceSandbox,
  dynamics365BusinessCentral,
  freeagent,
  oracleNetsuite,
  quickbooksDesktop,
  quickbooksOnline,
  sage50,
  sageAccounting,
  sageIntacct,
  sandbox,
  shopify,
  square,
  stripe,
  trueLayer,
  xero,
  zohoBooks,
}

export const platformDefinitions: readonly ConnectorDefinition[] = Object.freeze([
  // Accounting
  sandbox,
  xero,
  quickbooksOnline,
  freeagent,
  sageAccounting,
  zohoBooks,
  sage50,
  quickbooksDesktop,
  oracleNetsuite,
  dynamics365BusinessCentral,
  sageIntacct,
  // Banking
  bankingSandbox,
  trueLayer,
  // Commerce
  commerceSandbox,
  shopify,
  square,
  stripe,
])

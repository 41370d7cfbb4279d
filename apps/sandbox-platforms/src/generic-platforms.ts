/**
 * @module The three platforms of this package's own design, one per kind of data: the plain,
 * strict OAuth 2.0 server of RFC 6749 with PKCE required, as RFC 9700 describes it.
 */
import { DATASETS } from './datasets/index.js'
import type { DataFamily } from './generated-data.js'
import type { GenericPlatformDefinition, GenericPlatformKey } from './platform-definition.js'

function genericPaths(key: GenericPlatformKey): GenericPlatformDefinition['paths'] {
  return {
    authorize: `/${key}/oauth/authorize`,
    decision: `/${key}/oauth/authorize/decision`,
    token: `/${key}/oauth/token`,
    revoke: `/${key}/oauth/revoke`,
    apiBase: `/${key}/api`,
  }
}

function defaultSizes(family: DataFamily): Record<string, number> {
  const sizes: Record<string, number> = {}
  for (const [name, dataset] of Object.entries(DATASETS[family])) if (dataset.kind === 'list') sizes[name] = dataset.defaultSize
  return sizes
}

const STRICT_OAUTH = {
  scopeSeparator: ' ',
  pkce: 'required',
  requiresResponseType: true,
  clientAuthentication: ['client_secret_basic', 'client_secret_post'],
  refreshTokens: 'with-offline-scope',
  accessTokensExpire: true,
  tokenRequiresRedirectUri: true,
} as const satisfies Partial<GenericPlatformDefinition>

const OFFLINE_ACCESS = 'Stay connected when you are not using the app (refresh tokens)'

export const accountingPlatform: GenericPlatformDefinition = {
  key: 'accounting',
  displayName: 'Sandbox accounting',
  family: 'accounting',
  paths: genericPaths('accounting'),
  scopes: {
    'accounting.read': 'Read your company, chart of accounts, customers, suppliers, invoices, bills, payments, bank accounts and journals',
    'accounting.write': 'Create and update records in your books',
    offline_access: OFFLINE_ACCESS,
  },
  readScope: 'accounting.read',
  datasets: defaultSizes('accounting'),
  ...STRICT_OAUTH,
}

export const bankingPlatform: GenericPlatformDefinition = {
  key: 'banking',
  displayName: 'Sandbox bank',
  family: 'banking',
  paths: genericPaths('banking'),
  scopes: {
    'banking.read': 'Read your accounts, balances and transactions',
    offline_access: OFFLINE_ACCESS,
  },
  readScope: 'banking.read',
  datasets: defaultSizes('banking'),
  ...STRICT_OAUTH,
}

export const commercePlatform: GenericPlatformDefinition = {
  key: 'commerce',
  displayName: 'Sandbox commerce',
  family: 'commerce',
  paths: genericPaths('commerce'),
  scopes: {
    'commerce.read': 'Read your store, customers, orders, products and payments',
    offline_access: OFFLINE_ACCESS,
  },
  readScope: 'commerce.read',
  datasets: defaultSizes('commerce'),
  ...STRICT_OAUTH,
}

export const GENERIC_PLATFORMS: readonly GenericPlatformDefinition[] = [accountingPlatform, bankingPlatform, commercePlatform]

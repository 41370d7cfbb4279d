/** @module Connections: a company's links to platforms, their tokens (sealed, refreshed under a lease) and their revocation. */
export { companyConnectionProperties, companyConnectionsJson, connectionRowsFromJson } from './company-connections-sql.js'
export { createConnectionPresenter, linkUrlOf, type CompanyReferenceRow, type ConnectionPresenter } from './connection-wire.js'
export type { ConnectionRow } from './repo.js'
export { revokeTokensJob, revokeTokensOf, type RevokeTokensJob } from './revoke-tokens-job.js'
export { connectionsRoutes } from './routes.js'
export { createConnectionsService, type CompanyDirectory, type ConnectionsService } from './service.js'
export { KEEP_ALIVE_HORIZON_MS, refreshExpiringTokens } from './token-keep-alive.js'
export { AccessTokenRejectedError, connectionParametersOf, createTokenVault, type PlatformClientSource, type TokenVault } from './token-vault.js'

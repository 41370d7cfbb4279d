/** @module Connections: a company's links to platforms, their tokens (sealed, refreshed under a lease) and their revocation. */
export { createConnectionPresenter, linkUrlOf, type ConnectionPresenter } from './connection-wire.js'
export type { ConnectionRow } from './repo.js'
export { companyConnectionsJson, connectionRowsFromJson, findCompanyReference, findConnectionById, findConnectionForLink } from './repo.js'
export { REVOKE_TOKENS_JOB, revokeTokensOf, startRevokeTokensWorker, type RevokeTokensJob } from './revoke-tokens-job.js'
export { connectionsRoutes } from './routes.js'
export { createConnectionsService, type ConnectionsService } from './service.js'
export { KEEP_ALIVE_HORIZON_MS, refreshExpiringTokens } from './token-keep-alive.js'
export { AccessTokenRejectedError, connectionParametersOf, createTokenVault, type PlatformClientSource, type TokenVault } from './token-vault.js'

/**
 * @module The domain services, wired once from the app's dependencies. The API process and the
 * worker build the same graph, so a connection deauthorized by a worker's refresh and one unlinked
 * through the API go through the same code.
 */
import type { AppDeps } from './app-deps.js'
import { createCompaniesService } from './modules/companies/index.js'
import { createConnectionPresenter, createConnectionsService, createTokenVault, type TokenVault } from './modules/connections/index.js'
import { createCredentialsService, createIntegrationsService } from './modules/integrations/index.js'
import { createLinkService, createLinkUrls, createOneTimeLinks } from './modules/link/index.js'
import { createHostedLinkService } from './modules/hosted-link/index.js'
import { createLinkSettingsService } from './modules/link-settings/index.js'
import { createProfileService } from './modules/profile/index.js'
import { createDataService, createDatasetRunner, createSyncService, createSyncSettingsService, type SyncService } from './modules/sync/index.js'

export type ServiceDeps = Pick<AppDeps, 'database' | 'clock' | 'ids' | 'random' | 'secrets' | 'catalogue' | 'sandboxClient'> & { config: Pick<AppDeps['config'], 'publicUrl'> }

export function createAppServices(deps: ServiceDeps) {
  const { database, clock, ids, random, secrets, catalogue, sandboxClient } = deps
  const db = database.db
  const publicUrl = deps.config.publicUrl
  // Integrations cache per client; credentials changes drop it (the circular reference is resolved at call time).
  let forgetIntegrations = (_clientId: string) => {}
  const credentials = createCredentialsService({
    db,
    clock,
    secrets,
    catalogue,
    sandboxClient,
    redirectUri: `${publicUrl}/link/oauth/callback`,
    onChange: (clientId) => forgetIntegrations(clientId),
  })
  const integrations = createIntegrationsService({
    catalogue,
    clock,
    publicUrl,
    hasSandbox: sandboxClient !== undefined,
    enabledPlatformKeys: (clientId) => credentials.enabledPlatformKeys(clientId),
  })
  forgetIntegrations = (clientId) => integrations.forget(clientId)

  const presenter = createConnectionPresenter({ catalogue, publicUrl })
  let vault: TokenVault | undefined
  let sync: SyncService | undefined
  const connections = createConnectionsService({
    database,
    clock,
    ids,
    catalogue,
    presenter,
    isEnabledFor: (clientId, connector) => credentials.isEnabledFor(clientId, connector),
    vault: () => vault!,
    onLinked: (trx, connectionId, isFirstLink) => sync!.queueOnLinked(trx, connectionId, isFirstLink),
  })
  vault = createTokenVault({ db, secrets, clock, ids, catalogue, credentials, onGrantRevoked: (connectionId) => connections.deauthorize(connectionId) })
  const syncSettings = createSyncSettingsService({ db, clock })
  sync = createSyncService({ database, clock, ids, catalogue, settings: syncSettings })
  const data = createDataService({ db })
  const datasetRunner = createDatasetRunner({
    database,
    clock,
    ids,
    catalogue,
    vault,
    companyReference: (company) => presenter.companyReference(company),
    deauthorize: (connectionId) => connections.deauthorize(connectionId),
  })
  const profile = createProfileService({ db, clock })
  const linkSettings = createLinkSettingsService({ db, clock, ids })
  const oneTimeLinks = createOneTimeLinks({ db, secrets, clock, random })
  const isOneTimeLinks = (clientId: string) => linkSettings.isOneTimeLinks(clientId)
  const linkUrls = createLinkUrls({ oneTimeLinks, isOneTimeLinks })
  const link = createLinkService({ db, clock, ids, random, secrets, catalogue, connections, credentials, profile, publicUrl, oneTimeLinks, isOneTimeLinks })
  const companies = createCompaniesService({ db, clock, ids, publicUrl, connections })
  const hosted = createHostedLinkService({ db, clock, ids, publicUrl, companies, connections, integrations, linkSettings, profile, link, oneTimeLinks })
  return { companies, credentials, integrations, connections, vault, profile, link, presenter, linkSettings, hosted, linkUrls, oneTimeLinks, sync, syncSettings, data, datasetRunner }
}

export type AppServices = ReturnType<typeof createAppServices>

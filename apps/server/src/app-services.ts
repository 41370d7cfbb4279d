/**
 * @module The domain services, wired once from the app's dependencies: the one place that knows
 * which module uses which. The API (`buildApp`) and the workers (`startWorkers`) build the same
 * graph, so a connection deauthorized by a worker's refresh and one unlinked through the API go
 * through the same code. Modules reach each other only through the services given here; a
 * module's tables are its repo's alone.
 */
import type { AppDeps, Logger } from './app-deps.js'
import { bindJobs } from './jobs.js'
import { createApiKeysService } from './modules/api-keys/index.js'
import { createClientsService } from './modules/clients/index.js'
import { createCompaniesService } from './modules/companies/index.js'
import { createCompanyTokensService } from './modules/company-tokens/index.js'
import { createCorsSettingsService } from './modules/cors-settings/index.js'
import { consentSigningKeys, createConsentReceiptsService } from './modules/consent-receipts/index.js'
import { createHealthService } from './modules/health/index.js'
import { createConnectionPresenter, createConnectionsService, createTokenVault, type TokenVault } from './modules/connections/index.js'
import { createCredentialsService, createIntegrationsService } from './modules/integrations/index.js'
import { createLinkService, createLinkUrls, createOneTimeLinks } from './modules/link/index.js'
import { createHostedLinkService, createLinkPageTokens } from './modules/hosted-link/index.js'
import { createLinkSettingsService } from './modules/link-settings/index.js'
import { createProfileService } from './modules/profile/index.js'
import { createPostgresRateLimitStore, createRateLimitsService } from './modules/rate-limits/index.js'
import { createDataService, createDatasetRunner, createSyncService, createSyncSettingsService, type DatasetRunnerDeps } from './modules/sync/index.js'
import { createDeliveryLogService, createWebhookConsumersService } from './modules/webhooks/index.js'
import { createFilesService } from './modules/files/index.js'
import { DEFAULT_FILE_UPLOADS, DEFAULT_PORTAL } from './config.js'
import { createAuditLogService } from './modules/audit-log/index.js'
import { createPortalUsersService } from './modules/portal-users/index.js'

export type ServiceDeps = Pick<AppDeps, 'database' | 'clock' | 'ids' | 'random' | 'secrets' | 'catalogue' | 'sandboxClient' | 'resolveHost' | 'rateLimitStore' | 'passwordHashing'> & {
  config: Pick<AppDeps['config'], 'publicUrl' | 'webhookOutboundPolicy' | 'rateLimits' | 'fileUploads' | 'portal'>
  logger?: Logger
}

export interface ServiceOptions {
  /** The sync engine's knobs (tests: small pages, short sleeps, a vault that fails on cue). */
  datasetRunner?: Partial<Pick<DatasetRunnerDeps, 'pageSize' | 'sleep'>> & { wrapVault?: (vault: TokenVault) => TokenVault }
}

export function createAppServices(deps: ServiceDeps, options: ServiceOptions = {}) {
  const { database, clock, ids, random, secrets, catalogue, sandboxClient } = deps
  const db = database.db
  const publicUrl = deps.config.publicUrl
  const jobs = bindJobs(database.queue)

  const apiKeys = createApiKeysService({ db, clock, ids, random })
  const clients = createClientsService({ db, clock, ids, random, apiKeys })
  const webhookConsumers = createWebhookConsumersService({
    db,
    clock,
    ids,
    random,
    secrets,
    outboundPolicy: deps.config.webhookOutboundPolicy,
    ...(deps.resolveHost ? { resolveHost: deps.resolveHost } : {}),
  })
  const deliveryLog = createDeliveryLogService({ db, clock, ids })
  const profile = createProfileService({ db, clock, clients, publicUrl })
  const health = createHealthService({ db })

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

  // Companies embed their connections in their reads; connections belong to companies. The hooks
  // below are called long after this function returns, when every service exists.
  const presenter = createConnectionPresenter({ catalogue, publicUrl })
  const companies = createCompaniesService({
    db,
    clock,
    ids,
    publicUrl,
    presenter,
    onDeleting: async (trx, clientId, companyId) => {
      await connections.dropTokensOfCompany(trx, clientId, companyId)
      await consentReceipts.deleteForCompany(trx, clientId, companyId)
      await files.deleteOfCompany(trx, clientId, companyId)
    },
  })
  let vault: TokenVault | undefined
  const connections = createConnectionsService({
    database,
    clock,
    ids,
    catalogue,
    presenter,
    companies,
    jobs,
    isEnabledFor: (clientId, connector) => credentials.isEnabledFor(clientId, connector),
    vault: () => vault!,
    onLinked: (trx, connectionId, isFirstLink) => sync.queueOnLinked(trx, connectionId, isFirstLink),
  })
  // Signed with keys derived from the encryption keys: configured, kept and rotated as those are.
  const consentReceipts = createConsentReceiptsService({
    db,
    clock,
    ids,
    publicUrl,
    signingKeys: consentSigningKeys(secrets),
    findCompany: (clientId, companyId, trx) => companies.findReference(clientId, companyId, trx),
    companyReference: (company) => presenter.companyReference(company),
  })
  vault = createTokenVault({ db, secrets, clock, ids, catalogue, credentials, onGrantRevoked: (connectionId, reason) => connections.deauthorize(connectionId, reason) })

  const syncSettings = createSyncSettingsService({ db, clock, companies })
  const sync = createSyncService({ database, clock, ids, catalogue, settings: syncSettings, connections, companies, jobs, consent: consentReceipts })
  const data = createDataService({ db, clock, companies, connections, settings: syncSettings })
  const { wrapVault, ...runnerOptions } = options.datasetRunner ?? {}
  const datasetRunner = createDatasetRunner({
    database,
    clock,
    ids,
    catalogue,
    vault: wrapVault ? wrapVault(vault) : vault,
    connections,
    companies,
    jobs,
    companyReference: (company) => presenter.companyReference(company),
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...runnerOptions,
  })

  const rateLimits = createRateLimitsService({
    db,
    store: deps.rateLimitStore ?? createPostgresRateLimitStore(db),
    clock,
    ids,
    settings: deps.config.rateLimits,
    countLinkedCompanies: (clientId) => connections.countLinkedCompanies(clientId),
  })

  const auditLog = createAuditLogService({ db, clock, ids })
  const portalUsers = createPortalUsersService({
    db,
    clock,
    ids,
    random,
    publicUrl,
    // Derived like the consent signing keys: nothing more to configure, rotated with the encryption keys.
    csrfKey: secrets.deriveKeys('portal-csrf')[0]!.key,
    settings: deps.config.portal ?? DEFAULT_PORTAL,
    rateLimits,
    audit: auditLog,
    ...(deps.passwordHashing ? { passwordHashing: deps.passwordHashing } : {}),
  })

  const linkSettings = createLinkSettingsService({ db, clock, ids })
  const oneTimeLinks = createOneTimeLinks({ db, secrets, clock, random })
  const isOneTimeLinks = (clientId: string) => linkSettings.isOneTimeLinks(clientId)
  const linkUrls = createLinkUrls({ oneTimeLinks, isOneTimeLinks })
  const link = createLinkService({ db, clock, ids, random, secrets, catalogue, connections, credentials, profile, publicUrl, oneTimeLinks, isOneTimeLinks })
  const linkPageTokens = createLinkPageTokens({ secrets, clock, random })
  const fileUploadLimits = deps.config.fileUploads ?? DEFAULT_FILE_UPLOADS
  const files = createFilesService({ db, clock, ids, limits: fileUploadLimits, companies, connections, presenter, linkSettings })
  // Embedded Link: a company's token for its Link API, and the origins whose pages may call it.
  const companyTokens = createCompanyTokensService({ db, clock, random, findCompany: (clientId, companyId, trx) => companies.findReference(clientId, companyId, trx) })
  const corsSettings = createCorsSettingsService({ db, clock })
  const hosted = createHostedLinkService({
    clock,
    ids,
    publicUrl,
    clients,
    companies,
    connections,
    integrations,
    linkSettings,
    syncSettings,
    profile,
    link,
    oneTimeLinks,
    consentReceipts,
    fileUploadLimits,
    filesSentFor: (clientId, companyId) => files.categoriesSentFor(clientId, companyId),
    companyTokens,
    corsSettings,
  })
  return {
    apiKeys,
    clients,
    webhookConsumers,
    deliveryLog,
    companies,
    credentials,
    integrations,
    connections,
    consentReceipts,
    vault,
    profile,
    link,
    presenter,
    linkSettings,
    hosted,
    linkPageTokens,
    companyTokens,
    corsSettings,
    linkUrls,
    oneTimeLinks,
    sync,
    syncSettings,
    data,
    datasetRunner,
    health,
    rateLimits,
    files,
    auditLog,
    portalUsers,
  }
}

export type AppServices = ReturnType<typeof createAppServices>

/** @module Integrations: the catalogue per client, branding assets, and a client's platform credentials. */
export { createCredentialsService, type CredentialsService } from './credentials-service.js'
export { integrationAssetsRoutes, integrationsRoutes } from './routes.js'
export { assetUrl, createIntegrationsService, INTEGRATIONS_CACHE_MS, type IntegrationsService } from './service.js'

/** @module API keys: authentication of the client's backend, and the keys endpoints. */
export { apiKeysRoutes } from './routes.js'
export { createApiKeysService, type ApiKeysService, type AuthenticatedClient } from './service.js'
export { generateApiKey, hashApiKey, apiKeyHint } from './key-material.js'

/** @module CORS settings: the origins whose pages may call the Link API from the browser (embedded Link). */
export { corsSettingsRoutes } from './routes.js'
export { ALLOWED_ORIGINS_CACHE_MS, createCorsSettingsService, type CorsSettingsService } from './service.js'

/** @module Link settings and the Link funnel. */
export { linkSettingsRoutes } from './routes.js'
export { createLinkSettingsService, FUNNEL_EVENTS, type FunnelEvent, type LinkSettingsService } from './service.js'

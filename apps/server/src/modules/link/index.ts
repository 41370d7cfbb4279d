/** @module The Link flow: link sessions, the platform round trip, and the redirect back to the client. */
export { linkFlowRoutes } from './routes.js'
export { createLinkService, LINK_SESSION_TTL_MS, pruneLinkSessions, type LinkService } from './service.js'
export { resolveRedirect, RESERVED_PLACEHOLDERS } from './redirect-template.js'

export { PORTAL_PAGE_HEADERS, portalPageRoutes, renderPortalShell } from './routes.js'

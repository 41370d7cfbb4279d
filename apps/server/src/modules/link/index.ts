/** @module The Link flow: link sessions, the platform round trip, and the redirect back to the client. */
export { linkFlowRoutes, sendLinkResult, stringParams } from './routes.js'
export { createLinkService, LINK_SESSION_TTL_MS, type LinkResult, type LinkService } from './service.js'
export { resolveRedirect } from './redirect-template.js'
export { escapeHtml, jsonForHtml, LINK_PAGE_HEADERS, renderLinkPage, type LinkPage, type LinkPageOptions } from './link-pages.js'
export { chooseLanguage, type LinkLanguage } from './link-page-texts.js'
export { createLinkUrls, type LinkUrls } from './link-urls.js'
export { createOneTimeLinks, LINK_COOKIE, ONE_TIME_LINK_TTL_MS, type OneTimeLinks } from './one-time-links.js'

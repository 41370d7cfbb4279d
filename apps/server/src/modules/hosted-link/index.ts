/** @module Hosted Link: the page at a company's `redirect`, the Link component's API, Complete. */
export { hostedLinkApiRoutes, hostedLinkPageRoutes, type HostedLinkRoutesOptions } from './routes.js'
export { createLinkPageTokens, LINK_PAGE_COOKIE, LINK_TOKEN_HEADER, type LinkPageTokens } from './link-page-tokens.js'
export { chooseLanguage, createHostedLinkService, type HostedLinkService } from './service.js'

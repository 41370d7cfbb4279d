/** @module Hosted Link: the page at a company's `redirect`, the Link component's API, Complete, the settings' preview. */
export { hostedLinkApiRoutes, hostedLinkPageRoutes, type HostedLinkRoutesOptions } from './routes.js'
export { linkPreviewRoutes } from './preview-routes.js'
export { embeddedLinkAssetRoutes } from './sdk-assets.js'
export { createLinkPageTokens, LINK_PAGE_COOKIE, LINK_TOKEN_HEADER, type LinkPageTokens } from './link-page-tokens.js'
export { chooseLanguage, createHostedLinkService, type HostedLinkService } from './service.js'

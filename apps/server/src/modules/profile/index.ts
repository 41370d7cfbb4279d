/** @module The client's profile and redirect settings. */
export { clientLogoAssetsRoutes, profileRoutes } from './routes.js'
export { createProfileService, type ProfileService, type RedirectSettings } from './service.js'

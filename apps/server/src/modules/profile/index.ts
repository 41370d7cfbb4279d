/** @module The client's profile and redirect settings, and the logo it uploads (served by Linkway). */
export { clientLogoAssetsRoutes, profileRoutes } from './routes.js'
export { createProfileService, type ProfileService, type RedirectSettings } from './service.js'

/** @module The Portal's accounts and sessions: users, sign-in, the first admin, invitations. */
export { portalUsersRoutes } from './routes.js'
export { createPortalUsersService, SESSION_TOUCH_EVERY_MS, SETUP_LINK_VALID_MS, INVITATION_VALID_MS, type PortalUsersService, type SessionContext } from './service.js'
export { SESSION_COOKIE, isSameOriginRequest, sessionCookieName } from './session-material.js'
export { hashPassword, verifyPassword, SCRYPT_PARAMETERS, type ScryptParameters } from './password-hash.js'

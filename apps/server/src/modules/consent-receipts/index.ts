/** @module Consent receipts: what a person agreed to on Link's consent screen, signed, stored, sent by webhook and published keys to verify it. */
export { consentKeysRoutes, consentReceiptsRoutes } from './routes.js'
export { CONSENT_JWKS_PATH, createConsentReceiptsService, type ConsentReceiptsService, type ConsentToRecord } from './service.js'
export { canonicalJson, consentSigningKeys, type ConsentPublicJwk, type ConsentSigningKey } from './signing.js'

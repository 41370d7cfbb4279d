/**
 * @module @linkway/sandbox-platforms: emulated third-party platforms on their own origin — real
 * OAuth 2.0 authorization servers (PKCE, rotating refresh tokens, revocation) with data APIs over
 * generated data — for trying a whole Link journey, for tests and for benchmarks.
 */
export { buildSandboxApp, getSandboxAdmin, startSandboxPlatforms } from './sandbox-app.js'
export type { RunningSandbox, SandboxLogLevel, SandboxOptions, StartSandboxOptions } from './sandbox-app.js'
export { SandboxAdminError } from './admin.js'
export type { GrantSummary, RevokeTarget, SandboxAdmin, SandboxClient, TokenFailureOptions } from './admin.js'
export { emulatedEndpoints, sandboxEndpoints } from './platform-catalogue.js'
export type { EmulatedEndpoints, OAuthEndpoints } from './platform-catalogue.js'
export type { EmulatedPlatformKey, GenericPlatformKey, PlatformKey } from './platform-definition.js'
export { approveConsent } from './approve-consent.js'
export { ID_TOKEN_FLAWS, type IdTokenFlaw } from './id-tokens.js'
export type { ConsentChoice } from './approve-consent.js'
export { XERO_TENANTS } from './emulations/xero.js'

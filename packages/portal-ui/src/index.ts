/** @module What Node code (the server's tests) may read of the Portal: its palette and pages are browser code. */
export { PORTAL_PALETTE } from './styles.js'
export { safeReturnPath } from './return-path.js'

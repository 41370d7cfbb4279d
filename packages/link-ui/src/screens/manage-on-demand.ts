/**
 * @module What the connection management component (connections.tsx) needs only once the person
 * acts: the disconnect confirmation, and Reconnect's consent screen (with the texts it signs) and
 * popup wait. Loaded on the first Disconnect or Reconnect, so the list alone stays small.
 */
export { ConfirmDialog } from '../confirm-dialog.js'
export { renderConsentTextsIn } from '../consent-texts.js'
export { ConsentScreen } from './consent.js'
export { PopupWaitingScreen } from './popup-waiting.js'
export { ON_DEMAND_STYLES } from '../styles-on-demand.js'

/**
 * @module What few visitors open, loaded when one does: file upload, sharing with a colleague, the
 * confirmation dialogs (disconnect, leave), the consent receipts (once something is linked), and
 * Embedded Link's wait for the platform's window (after Allow access, never on the first screen).
 * Embedded Link keeps them out of what every visitor loads (its 25 KB budget); the hosted page's
 * bundle has them inline (it is built without splitting).
 */
export { ShareScreen } from './share.js'
export { UploadScreen } from './upload.js'
export { uploadLinkFile } from '../upload-client.js'
export { ReceiptDownloads } from './receipt-download.js'
export { ConfirmDialog } from '../confirm-dialog.js'
export { ON_DEMAND_STYLES } from '../styles-on-demand.js'
export { PopupWaitingScreen } from './popup-waiting.js'

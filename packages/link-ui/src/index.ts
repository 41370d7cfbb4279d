/** @module The Link component, for the hosted Link page, the embedded SDK and the Portal's preview: `mountLink`, its dictionaries, its Markdown, and its types. */
export { mountLink } from './mount-link.js'
export { MESSAGES } from './i18n/index.js'
export { Markdown } from './markdown-view.js'
export { browserStepHistory, type StepHistory } from './step-history.js'
export { createLinkClient, LinkApiError, LINK_API_ERROR_CODES } from './api-client.js'
export type { CreatedConnection, LinkApiErrorCode, LinkClient, LinkClientOptions, LinkEvent, LinkEventName } from './api-client.js'
export type {
  ConnectionDetails,
  ConnectionStatus,
  IntegrationDevice,
  LinkCategory,
  LinkCategoryOffer,
  LinkConnection,
  LinkIntegration,
  LinkLang,
  LinkProps,
  LinkResult,
  LinkSessionView,
  LinkSettings,
  SourceType,
} from './types.js'

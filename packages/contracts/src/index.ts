/** @module The public API's contract, written once: it validates input, shapes output and generates the OpenAPI document. */
export * from './api-keys.js'
export * from './companies.js'
export * from './errors.js'
export * from './paging.js'
export * from './connections.js'
export * from './webhooks.js'
export * from './integrations.js'
export * from './profile.js'

/** @module Webhooks: consumers, emitting events (inside the causing transaction), and the delivery worker. */
export { createWebhookConsumersService, type WebhookConsumersService } from './consumers-service.js'
export { createDeliveryLogService, type DeliveryLogService } from './delivery-log-service.js'
export { createDeliveryWorker, type DeliveryWorker } from './delivery-worker.js'
export { emitEvent, eventEmission, type EmitEventDeps, type EventEmission, type EventToEmit } from './emit-event.js'
export type { OutboundPolicy } from './outbound-address.js'
export { webhooksRoutes } from './routes.js'

/** @module The audit log: changes made with a Portal session, recorded and listed for admins. */
export { createAuditLogService, AUDIT_PAGE_SIZE, type AuditLogService, type AuditActor, type AuditRecord } from './service.js'
export { redactSecrets } from './redact.js'

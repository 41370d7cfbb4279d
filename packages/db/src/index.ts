/** @module The database: Kysely over PGlite or PostgreSQL, migrations, and the pg-boss job queue. */
export { createDatabase, type Backend, type Database, type DatabaseOptions } from './create-database.js'
export { defineJob, JobPayloadError, parseJobPayload, type JobDefinition, type JobSender, type JobSendOptions } from './job-definition.js'
export { JOB_WAKE_CHANNEL, JobQueue, transactionExecutor, type JobHandler, type SendOptions, type SqlExecutor } from './job-queue.js'
export { jsonParameter, JsonParameter } from './json-parameter.js'
export { preparedStatement, type PreparedStatement } from './prepared-statement.js'
export { selectPage, type PageOptions } from './select-page.js'
export { lockUntilCommit } from './transaction-lock.js'
export type * from './tables.js'

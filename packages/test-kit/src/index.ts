/** @module Test helpers shared by every workspace: database per test file, backends, fake clock. */
export { postgresUrlForTests, testedBackends } from './backends.js'
export { createTestDatabase, type TestDatabaseOptions } from './test-database.js'
export { FakeClock } from './fake-clock.js'
export { createScratchDatabase, scratchDatabaseCreatedAt, scratchDatabaseName, withAdminClient, type ScratchDatabase } from './scratch-database.js'

/** @module Data sync: queueing reads, the engine that runs each dataset, sync settings, and the read API over the synced records. */
export { createDataService, recordQueryResource, type DataService } from './data-service.js'
export { createDatasetRunner, DATASET_LEASE_MS, MAX_DATASET_ATTEMPTS, type DatasetRunner } from './dataset-runner.js'
export { dataRoutes, syncRoutes } from './routes.js'
export { canSync, createSyncService, toPullOperation, type SyncService } from './service.js'
export { ensureSyncQueues, startSyncWorkers, SYNC_DATASET_JOB, SYNC_SCHEDULE_JOB, type SyncDatasetJob } from './sync-jobs.js'
export { createSyncSettingsService, DEFAULT_SYNC_SETTINGS, effectiveSettings, type SyncSettingsService } from './sync-settings.js'

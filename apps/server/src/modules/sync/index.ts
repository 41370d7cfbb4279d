/** @module Data sync: queueing reads, the engine that runs each dataset, sync settings, and the read API over the synced records. */
export { createDataService, recordQueryResource, type DataService } from './data-service.js'
export { createDatasetRunner, DATASET_LEASE_MS, MAX_DATASET_ATTEMPTS, type DatasetRunner, type DatasetRunnerDeps } from './dataset-runner.js'
export { dataRoutes, syncRoutes } from './routes.js'
export { canSync, createSyncService, INCREMENTAL_OVERLAP_MS, toPullOperation, type SyncService } from './service.js'
export { SYNC_SCHEDULE_CRON, syncDatasetJob, syncScheduleJob, type SyncDatasetJob } from './sync-jobs.js'
export { createSyncSettingsService, dataTypesRead, DEFAULT_SYNC_SETTINGS, effectiveSettings, type SyncSettingsService } from './sync-settings.js'

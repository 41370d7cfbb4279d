/** @module Data sync on the wire: pull operations (datasets), data status, sync settings (reference §13). */
import { z } from 'zod'
import { REFERENCE_DATA_TYPES } from './data/reference-data-types.js'
import { PagingQuery, pagedResults } from './paging.js'
import { WireString, wireInstant } from './wire-values.js'

/** A data type key as the reference spells it: all of its enum, not only what Linkway syncs (DATA_TYPES). */
export const DataTypeKey = z
  .enum(REFERENCE_DATA_TYPES, { error: `dataType must be one of ${REFERENCE_DATA_TYPES.join(', ')}` })
  .meta({ id: 'DataType', description: 'The key of a data type.' })

/** Every status the reference lists; Linkway sets the ones its engine can reach (see docs/data.md). */
export const PULL_OPERATION_STATUSES = [
  'Initial',
  'Queued',
  'Fetching',
  'MapQueued',
  'Mapping',
  'Complete',
  'FetchError',
  'MapError',
  'InternalError',
  'ProcessingQueued',
  'Processing',
  'ProcessingError',
  'ValidationQueued',
  'Validating',
  'ValidationError',
  'AuthError',
  'Cancelled',
  'NotSupported',
  'RateLimitError',
  'PermissionsError',
  'PrerequisiteNotMet',
] as const
export type PullOperationStatus = (typeof PULL_OPERATION_STATUSES)[number]

/** A dataset in these statuses is still running: a second one for the same connection and data type is refused (409). */
export const RUNNING_STATUSES = ['Initial', 'Queued', 'Fetching', 'Mapping'] as const satisfies readonly PullOperationStatus[]
export type RunningStatus = (typeof RUNNING_STATUSES)[number]
/** Finished, and not successfully. */
export const ERROR_STATUSES = ['FetchError', 'MapError', 'InternalError', 'AuthError', 'RateLimitError', 'PermissionsError'] as const satisfies readonly PullOperationStatus[]

export const PullOperation = z
  .object({
    id: z.uuid(),
    companyId: z.uuid(),
    connectionId: z.uuid(),
    dataType: z.string(),
    status: z.enum(PULL_OPERATION_STATUSES),
    statusDescription: z.string().optional().meta({ description: 'e.g. "Paused until 2026-12-01T10:00:00.000Z (rate limited by the platform)".' }),
    errorMessage: z.string().optional(),
    requested: z.string(),
    completed: z.string().optional(),
    progress: z.int().meta({ description: '0 to 100.' }),
    isCompleted: z.boolean(),
    isErrored: z.boolean(),
    recordsRead: z.int().meta({ description: 'Linkway addition: records read from the platform so far.' }),
    recordsModified: z.int().meta({ description: 'Linkway addition: records added or changed by this sync.' }),
    totalRecords: z.int().optional().meta({ description: 'Linkway addition: how many records the platform says this sync will read.' }),
    modifiedSince: z.string().optional().meta({ description: 'Linkway addition: an incremental sync reads only records changed since then.' }),
  })
  .meta({ id: 'PullOperation' })
export type PullOperation = z.infer<typeof PullOperation>

export const PullOperations = pagedResults(PullOperation, 'PullOperations')

export const DataStatus = z
  .object({
    dataType: z.string(),
    currentStatus: z.enum(PULL_OPERATION_STATUSES).optional().meta({ description: 'Absent for a data type never synced.' }),
    lastSuccessfulSync: z.string().optional(),
    latestSyncId: z.uuid().optional(),
    latestSuccessfulSyncId: z.uuid().optional(),
  })
  .meta({ id: 'DataStatus' })
export type DataStatus = z.infer<typeof DataStatus>

export const DataStatuses = z.record(z.string(), DataStatus).meta({ id: 'DataStatuses', description: 'Keyed by data type.' })

export const QueueDataTypeParams = z.object({
  companyId: z.uuid({ error: 'companyId must be a GUID' }),
  dataType: DataTypeKey,
})
export const QueueDataTypeQuery = z.object({ connectionId: z.uuid({ error: 'connectionId must be a GUID' }).optional() })

export const DatasetParams = z.object({
  companyId: z.uuid({ error: 'companyId must be a GUID' }),
  datasetId: z.uuid({ error: 'datasetId must be a GUID' }),
})

export const PullOperationsQuery = PagingQuery

export const SYNC_SCHEDULE_MAX_HOURS = 24 * 366

export const SyncSetting = z
  .object({
    dataType: DataTypeKey,
    fetchOnFirstLink: z.boolean(),
    syncSchedule: z
      .int()
      .min(0)
      .max(SYNC_SCHEDULE_MAX_HOURS)
      .meta({ description: 'Hours between scheduled syncs, counted from the last one; 0: never on a schedule. 24 daily, 168 weekly, 720 monthly.' }),
    syncOrder: z.int().min(0),
    syncFromUtc: wireInstant('syncFromUtc').optional().meta({ description: 'Read records changed since this instant only.' }),
    syncFromWindow: z.int().min(1).optional().meta({ description: 'Read records changed in the last this-many months only.' }),
    monthsToSync: z.int().min(1).optional(),
    isLocked: z.boolean().optional(),
  })
  .meta({ id: 'SyncSetting' })
export type SyncSetting = z.infer<typeof SyncSetting>

function eachDataTypeOnce(settings: readonly SyncSetting[], context: z.RefinementCtx): void {
  const seen = new Set<string>()
  settings.forEach((setting, index) => {
    if (seen.has(setting.dataType)) context.addIssue({ code: 'custom', message: `settings has ${setting.dataType} twice`, path: [index, 'dataType'] })
    seen.add(setting.dataType)
  })
}

export const ClientSyncSettings = z
  .object({ clientId: z.uuid(), settings: z.array(SyncSetting).superRefine(eachDataTypeOnce) })
  .meta({ id: 'SyncSettings' })
export const ClientSyncSettingsRequest = z.object({ settings: z.array(SyncSetting).superRefine(eachDataTypeOnce) }).meta({ id: 'SyncSettingsRequest' })

export const CompanySyncSettings = z
  .object({ companyId: z.uuid(), settings: z.array(SyncSetting), overridesDefaults: z.boolean() })
  .meta({ id: 'CompanySyncSettings' })
export const CompanySyncSettingsRequest = z
  .object({
    settings: z.array(SyncSetting).superRefine(eachDataTypeOnce),
    overridesDefaults: z.boolean().meta({ description: 'false: the company follows the client settings again (the settings sent are kept but not used).' }),
  })
  .meta({ id: 'CompanySyncSettingsRequest' })

const ValidationResultItem = z
  .object({
    ruleId: z.string().meta({ description: 'The rule that was not met.' }),
    itemId: z.string().meta({ description: 'The record, or for a whole dataset its id.' }),
    message: z.string(),
    validatorName: z.string(),
  })
  .meta({ id: 'ValidationResultItem' })

/**
 * GET /companies/{companyId}/sync/{datasetId}/validation. Linkway runs no validation rules of its
 * own over records it reads: `errors` holds the one problem a pull can have (the platform's answer
 * did not have the shape its documentation gives, a MapError), and `warnings` is always empty.
 */
export const ValidationResult = z
  .object({ errors: z.array(ValidationResultItem), warnings: z.array(ValidationResultItem) })
  .meta({ id: 'ValidationResult' })
export type ValidationResult = z.infer<typeof ValidationResult>

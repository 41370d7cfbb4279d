/**
 * @module Sync settings (reference §13.5): per data type, whether it is read when a connection
 * first links and how often afterwards. Linkway's defaults, the client's own, and a company's
 * override, in that order of precedence.
 */
import { DATA_TYPE_DEFINITIONS, DATA_TYPES, isDataType, REFERENCE_DATA_TYPES, type ConsentDataTypes, type DataType, type ReferenceDataType, type SyncSetting } from '@linkway/contracts'
import type { Tables } from '@linkway/db'
import type { Kysely, Transaction } from 'kysely'
import type { Clock } from '../../app-deps.js'
import { AppError } from '../../app-error.js'
import type { AuthenticatedClient } from '../api-keys/index.js'
import type { CompaniesService } from '../companies/index.js'
import * as repo from './repo.js'

/** Daily: fresh enough to lend on, cheap because every sync after the first is incremental, and it keeps platform tokens alive. */
export const DEFAULT_SYNC_SCHEDULE_HOURS = 24

/** Every data type on first link and daily afterwards, in catalogue order; the financial statements with the reference's 24 months of history. */
export const DEFAULT_SYNC_SETTINGS: readonly SyncSetting[] = DATA_TYPES.map((dataType, index) => ({
  dataType,
  fetchOnFirstLink: true,
  syncSchedule: DEFAULT_SYNC_SCHEDULE_HOURS,
  syncOrder: index,
  ...(DATA_TYPE_DEFINITIONS[dataType].defaultMonthsToSync !== undefined ? { monthsToSync: DATA_TYPE_DEFINITIONS[dataType].defaultMonthsToSync } : {}),
}))

/** A setting for a data type Linkway syncs; one for another of the reference's keys is kept and echoed but syncs nothing. */
export function isSyncedSetting(setting: SyncSetting): setting is SyncSetting & { dataType: DataType } {
  return isDataType(setting.dataType)
}

/** Ties in syncOrder keep catalogue order; the data types Linkway does not sync come after, in the reference's order. */
function catalogueOrder(dataType: ReferenceDataType): number {
  return isDataType(dataType) ? DATA_TYPES.indexOf(dataType) : DATA_TYPES.length + REFERENCE_DATA_TYPES.indexOf(dataType)
}

/** A client's or company's list completed: data types it does not mention keep the default. */
export function withDefaults(settings: readonly SyncSetting[]): SyncSetting[] {
  const byType = new Map<ReferenceDataType, SyncSetting>(DEFAULT_SYNC_SETTINGS.map((setting) => [setting.dataType, setting]))
  for (const setting of settings) byType.set(setting.dataType, setting)
  return [...byType.values()].sort((a, b) => a.syncOrder - b.syncOrder || catalogueOrder(a.dataType) - catalogueOrder(b.dataType))
}

/** The settings one company's syncs follow: its override, else its client's, else Linkway's. */
export function effectiveSettings(clientSettings: readonly SyncSetting[] | undefined, companyOverride: { settings: readonly SyncSetting[]; overridesDefaults: boolean } | undefined): SyncSetting[] {
  if (companyOverride?.overridesDefaults) return withDefaults(companyOverride.settings)
  return withDefaults(clientSettings ?? [])
}

/**
 * The data types these settings have Linkway read (on first link or on a schedule), per Link
 * category, in catalogue order: what a consent screen must list when the client has not worded it.
 * A data type with neither is read only when the client asks for it, so it is left out.
 */
export function dataTypesRead(settings: readonly SyncSetting[]): ConsentDataTypes {
  const read = new Set(settings.filter((setting) => isSyncedSetting(setting) && (setting.fetchOnFirstLink || setting.syncSchedule > 0)).map((setting) => setting.dataType))
  const inOrder = DATA_TYPES.filter((dataType) => read.has(dataType))
  const ofSourceType = (sourceType: string) => inOrder.filter((dataType) => DATA_TYPE_DEFINITIONS[dataType].sourceType === sourceType)
  return { accounting: ofSourceType('Accounting'), banking: ofSourceType('Banking'), commerce: ofSourceType('Commerce') }
}

export interface SyncSettingsServiceDeps {
  db: Kysely<Tables>
  clock: Clock
  companies: Pick<CompaniesService, 'findReference'>
}

export function createSyncSettingsService({ db, clock, companies }: SyncSettingsServiceDeps) {
  async function clientSettings(clientId: string, executor: Kysely<Tables> | Transaction<Tables> = db): Promise<SyncSetting[] | undefined> {
    const row = await repo.findSyncSettings(executor, clientId, null)
    return row ? (row.settings as SyncSetting[]) : undefined
  }

  async function requireCompany(clientId: string, companyId: string): Promise<void> {
    if (!(await companies.findReference(clientId, companyId))) throw new AppError('company_not_found', { companyId })
  }

  return {
    /** What a company's syncs follow now; inside a transaction, pass it (only `trx` may be used there). */
    async effectiveFor(clientId: string, companyId: string, executor: Kysely<Tables> | Transaction<Tables> = db): Promise<SyncSetting[]> {
      const client = await clientSettings(clientId, executor)
      const company = await repo.findSyncSettings(executor, clientId, companyId)
      return effectiveSettings(client, company ? { settings: company.settings as SyncSetting[], overridesDefaults: company.overrides_defaults } : undefined)
    },

    /** What a company's syncs read, per Link category (`companyId` left out: what a new company's would). */
    async dataTypesReadFor(clientId: string, companyId?: string): Promise<ConsentDataTypes> {
      return dataTypesRead(companyId === undefined ? withDefaults((await clientSettings(clientId)) ?? []) : await this.effectiveFor(clientId, companyId))
    },

    async getClient(client: AuthenticatedClient): Promise<{ clientId: string; settings: SyncSetting[] }> {
      return { clientId: client.clientId, settings: withDefaults((await clientSettings(client.clientId)) ?? []) }
    },

    async replaceClient(client: AuthenticatedClient, settings: SyncSetting[]): Promise<void> {
      await repo.upsertSyncSettings(db, { client_id: client.clientId, company_id: null, settings, overrides_defaults: true, updated_at: clock.now() })
    },

    async getCompany(client: AuthenticatedClient, companyId: string): Promise<{ companyId: string; settings: SyncSetting[]; overridesDefaults: boolean }> {
      await requireCompany(client.clientId, companyId)
      const row = await repo.findSyncSettings(db, client.clientId, companyId)
      const overridesDefaults = row?.overrides_defaults ?? false
      return { companyId, settings: await this.effectiveFor(client.clientId, companyId), overridesDefaults }
    },

    async replaceCompany(client: AuthenticatedClient, companyId: string, body: { settings: SyncSetting[]; overridesDefaults: boolean }): Promise<void> {
      await requireCompany(client.clientId, companyId)
      await repo.upsertSyncSettings(db, { client_id: client.clientId, company_id: companyId, settings: body.settings, overrides_defaults: body.overridesDefaults, updated_at: clock.now() })
    },
  }
}

export type SyncSettingsService = ReturnType<typeof createSyncSettingsService>

/**
 * @module Files: what a company's person uploads instead of connecting a platform (hosted Link),
 * or the client uploads for a connection (the Files API), and how the client reads them back. The
 * limits (type, size, files per company and UTC day) are configuration; every read is scoped to
 * the client, so another client's company is a 404.
 */
import { isWireInstant, type CodatFile, type FileSourceType, type FileType, type FileUploadCategory, type FileUploadLimits, type LinkUploadedFile } from '@linkway/contracts'
import { lockUntilCommit, type Tables } from '@linkway/db'
import type { Kysely, Transaction } from 'kysely'
import type { Clock, IdGenerator } from '../../app-deps.js'
import { AppError } from '../../app-error.js'
import type { AuthenticatedClient } from '../api-keys/index.js'
import type { CompaniesService } from '../companies/index.js'
import type { CompanyReferenceRow, ConnectionPresenter, ConnectionsService } from '../connections/index.js'
import type { LinkSettingsService } from '../link-settings/index.js'
import { emitEvent } from '../webhooks/index.js'
import { declaredFileType, FILE_TYPE_DEFINITIONS, fileNameProblem } from './file-types.js'
import * as repo from './repo.js'

const DAY_MS = 24 * 60 * 60 * 1000
const SOURCE_TYPE_OF_CATEGORY: Record<FileUploadCategory, FileSourceType> = { accounting: 'Accounting', banking: 'Banking', businessDocuments: 'Other' }

/** Where an upload goes: the company (its client), and what it stands in for. */
export interface UploadTarget {
  clientId: string
  company: CompanyReferenceRow
  connectionId?: string
  category?: FileUploadCategory
  sourceType: FileSourceType
}

/** One file of a download, its content read when its turn comes (one file in memory at a time). */
export interface DownloadEntry {
  fileName: string
  uploaded: Date
  content(): Promise<Buffer>
}

export interface FilesServiceDeps {
  db: Kysely<Tables>
  clock: Clock
  ids: IdGenerator
  limits: FileUploadLimits
  companies: Pick<CompaniesService, 'findReference' | 'findForLink'>
  connections: Pick<ConnectionsService, 'get'>
  presenter: Pick<ConnectionPresenter, 'companyReference'>
  linkSettings: Pick<LinkSettingsService, 'forClient'>
}

const utcDayStart = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()))

export function createFilesService(deps: FilesServiceDeps) {
  const { db, clock, ids, limits, companies } = deps

  const toWire = (row: { file_name: string; source_type: string; uploaded_at: Date }): CodatFile => ({
    fileName: row.file_name,
    displayName: row.file_name,
    sourceType: row.source_type as FileSourceType,
    uploaded: row.uploaded_at.toISOString(),
  })

  /** Refuses the upload when the company has had its files for this UTC day. */
  async function requireDailyAllowance(trx: Kysely<Tables> | Transaction<Tables>, target: UploadTarget): Promise<void> {
    const now = clock.now()
    const dayStart = utcDayStart(now)
    const count = await repo.countUploadedSince(trx, target.clientId, target.company.id, dayStart)
    if (count >= limits.maxPerCompanyPerDay) {
      throw new AppError('file_upload_limit_reached', { maxPerDay: limits.maxPerCompanyPerDay, retryAfterSeconds: Math.max(1, Math.ceil((dayStart.getTime() + DAY_MS - now.getTime()) / 1000)) })
    }
  }

  async function requireCompany(client: AuthenticatedClient, companyId: string): Promise<CompanyReferenceRow> {
    const company = await companies.findReference(client.clientId, companyId)
    if (!company) throw new AppError('company_not_found', { companyId })
    return company
  }

  return {
    limits,

    /**
     * Hosted Link's upload for a category: the company by its id alone (its hosted URL is the
     * credential), and only where the client's Link settings enable upload for that category.
     */
    async linkTarget(companyId: string, category: FileUploadCategory): Promise<UploadTarget> {
      const company = await companies.findForLink(companyId)
      if (!company) throw new AppError('company_not_found', { companyId })
      const { categories } = await deps.linkSettings.forClient(company.client_id)
      const isEnabled = category === 'businessDocuments' ? categories.businessDocuments.enabled : categories[category].enabled && categories[category].enableFileUpload
      if (!isEnabled) throw new AppError('file_upload_not_enabled', { category })
      const target: UploadTarget = { clientId: company.client_id, company, category, sourceType: SOURCE_TYPE_OF_CATEGORY[category] }
      await requireDailyAllowance(db, target)
      return target
    },

    /** The Files API's upload: for one of the company's connections (404 for another client's). */
    async apiTarget(client: AuthenticatedClient, companyId: string, connectionId: string): Promise<UploadTarget> {
      const company = await requireCompany(client, companyId)
      const connection = await deps.connections.get(client, companyId, connectionId)
      const sourceType = (['Accounting', 'Banking', 'Commerce'] as const).find((type) => type === connection.sourceType) ?? 'Other'
      const target: UploadTarget = { clientId: client.clientId, company, connectionId, sourceType }
      await requireDailyAllowance(db, target)
      return target
    },

    /** The type a file's name declares, checked when its part starts, before any of its bytes are read. */
    acceptedType(fileName: string): FileType {
      const problem = fileNameProblem(fileName)
      if (problem) throw new AppError('file_name_invalid', { reason: problem })
      const type = declaredFileType(fileName, limits.types)
      if (!type) throw new AppError('file_type_refused', { allowed: limits.types })
      return type
    },

    /**
     * Keeps a file whose bytes were read (at most `limits.maxBytes`): its content must be its
     * type's, and the company must be under its daily number (counted again under a lock, so two
     * uploads at once cannot both take the last place). Emits `files.uploaded` in the same transaction.
     */
    async store(target: UploadTarget, file: { fileName: string; type: FileType; content: Buffer }): Promise<LinkUploadedFile> {
      const definition = FILE_TYPE_DEFINITIONS[file.type]
      if (file.content.length === 0 || !definition.hasSignature(file.content)) throw new AppError('file_content_mismatch', { type: file.type })
      const uploaded = clock.now()
      const row = {
        id: ids.uuid(),
        client_id: target.clientId,
        company_id: target.company.id,
        connection_id: target.connectionId ?? null,
        category: target.category ?? null,
        source_type: target.sourceType,
        file_name: file.fileName,
        content_type: definition.contentType,
        size_bytes: file.content.length,
        content: file.content,
        uploaded_at: uploaded,
      }
      const wire = toWire(row)
      await db.transaction().execute(async (trx) => {
        await lockUntilCommit(trx, 'files', target.company.id)
        await requireDailyAllowance(trx, target)
        await repo.insertFile(trx, row)
        await emitEvent(trx, { clock, ids }, {
          clientId: target.clientId,
          eventType: 'files.uploaded',
          payload: {
            referenceCompany: deps.presenter.companyReference(target.company),
            ...(target.connectionId ? { connectionId: target.connectionId } : {}),
            ...(target.category ? { category: target.category } : {}),
            file: wire,
          },
          companyTags: target.company.tags,
        })
      })
      return { ...wire, sizeBytes: row.size_bytes }
    },

    /** `GET /companies/{companyId}/files`: every file of the company, oldest first. */
    async list(client: AuthenticatedClient, companyId: string): Promise<CodatFile[]> {
      await requireCompany(client, companyId)
      return (await repo.listFiles(db, client.clientId, companyId)).map(toWire)
    },

    /** `GET /companies/{companyId}/files/download`: the company's files, or those of one UTC day. */
    async download(client: AuthenticatedClient, companyId: string, day?: Date): Promise<{ companyName: string; entries: DownloadEntry[] }> {
      const company = await requireCompany(client, companyId)
      const dayEnd = day ? utcDayStart(day).getTime() + DAY_MS : undefined
      // After 9999-12-31 comes no day the database reads back as JavaScript wrote it: that day has no end bound.
      const range = day ? { from: utcDayStart(day), ...(isWireInstant(dayEnd!) ? { to: new Date(dayEnd!) } : {}) } : undefined
      const rows = await repo.listFiles(db, client.clientId, companyId, range)
      const entries = rows.map((row) => ({
        fileName: row.file_name,
        uploaded: row.uploaded_at,
        content: async () => (await repo.readContent(db, client.clientId, row.id)) ?? Buffer.alloc(0),
      }))
      return { companyName: company.name, entries }
    },

    /** The Link categories a company has sent files for, on any visit (hosted Link shows them done). */
    async categoriesSentFor(clientId: string, companyId: string): Promise<FileUploadCategory[]> {
      return (await repo.listCategories(db, clientId, companyId)).filter((category): category is FileUploadCategory => category in SOURCE_TYPE_OF_CATEGORY)
    },

    /** The companies module's `onDeleting` hook: a company's files go in the transaction that deletes it. */
    async deleteOfCompany(trx: Transaction<Tables>, clientId: string, companyId: string): Promise<void> {
      await repo.deleteFilesOfCompany(trx, clientId, companyId)
    },
  }
}

export type FilesService = ReturnType<typeof createFilesService>

/** @module SQL for the files module's table, `files`. Every query names the client it serves. */
import type { FilesTable, Tables } from '@linkway/db'
import type { Insertable, Kysely, Transaction } from 'kysely'

type Db = Kysely<Tables> | Transaction<Tables>

export interface FileSummaryRow {
  id: string
  file_name: string
  source_type: string
  size_bytes: number
  uploaded_at: Date
}

export async function insertFile(trx: Transaction<Tables>, row: Insertable<FilesTable>): Promise<void> {
  await trx.insertInto('files').values(row).execute()
}

export async function countUploadedSince(trx: Db, clientId: string, companyId: string, since: Date): Promise<number> {
  const row = await trx
    .selectFrom('files')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('client_id', '=', clientId)
    .where('company_id', '=', companyId)
    .where('uploaded_at', '>=', since)
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** A company's files without their content, in upload order; `range` narrows to `[from, to)`. */
export async function listFiles(db: Db, clientId: string, companyId: string, range?: { from: Date; to?: Date }): Promise<FileSummaryRow[]> {
  let query = db
    .selectFrom('files')
    .select(['id', 'file_name', 'source_type', 'size_bytes', 'uploaded_at'])
    .where('client_id', '=', clientId)
    .where('company_id', '=', companyId)
  if (range) query = query.where('uploaded_at', '>=', range.from)
  if (range?.to) query = query.where('uploaded_at', '<', range.to)
  return await query.orderBy('uploaded_at').orderBy('seq').execute()
}

/** The distinct Link categories of a company's files (hosted Link's uploads carry one). */
export async function listCategories(db: Db, clientId: string, companyId: string): Promise<string[]> {
  const rows = await db.selectFrom('files').select('category').distinct().where('client_id', '=', clientId).where('company_id', '=', companyId).where('category', 'is not', null).execute()
  return rows.map((row) => row.category!)
}

export async function readContent(db: Db, clientId: string, fileId: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom('files').select('content').where('client_id', '=', clientId).where('id', '=', fileId).executeTakeFirst()
  return row?.content
}

export async function deleteFilesOfCompany(trx: Transaction<Tables>, clientId: string, companyId: string): Promise<void> {
  await trx.deleteFrom('files').where('client_id', '=', clientId).where('company_id', '=', companyId).execute()
}

import { sql, type Kysely } from 'kysely'

/**
 * The `sync.dataset` job that owns a dataset. A worker killed after taking the job and before
 * taking the dataset's lease leaves the job active in pg-boss for hours and the dataset with no
 * lease: the recovery sweep finds such datasets through this column and queues them again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table datasets add column job_id uuid`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table datasets drop column job_id`.execute(db)
}

/** @module SQL for Portal users, sessions and invitations. Every query names its client, or a hash only its holder knows. */
import { sql, type Kysely, type Transaction } from 'kysely'
import { lockUntilCommit, type Tables } from '@linkway/db'

type Db = Kysely<Tables> | Transaction<Tables>
export type Role = 'admin' | 'viewer'

export interface UserRow {
  id: string
  client_id: string
  email: string
  password_hash: string
  role: Role
  created_at: Date
}

const userColumns = ['id', 'client_id', 'email', 'password_hash', 'role', 'created_at'] as const

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return await db.selectFrom('portal_users').select(userColumns).where('email', '=', email).executeTakeFirst()
}

export async function findUser(db: Db, clientId: string, userId: string): Promise<UserRow | undefined> {
  return await db.selectFrom('portal_users').select(userColumns).where('client_id', '=', clientId).where('id', '=', userId).executeTakeFirst()
}

export async function listUsers(db: Db, clientId: string): Promise<UserRow[]> {
  return await db.selectFrom('portal_users').select(userColumns).where('client_id', '=', clientId).orderBy('created_at').orderBy('email').execute()
}

export async function countUsers(db: Db, clientId: string, role?: Role): Promise<number> {
  let query = db.selectFrom('portal_users').select(sql<number>`count(*)::int`.as('count')).where('client_id', '=', clientId)
  if (role) query = query.where('role', '=', role)
  return (await query.executeTakeFirstOrThrow()).count
}

/** Serialises changes to a client's users, so "not the last admin" and "no user yet" hold under races. */
export async function lockClientUsers(trx: Transaction<Tables>, clientId: string): Promise<void> {
  await lockUntilCommit(trx, 'portal_users', clientId)
}

/** Inserts a user; undefined when the email is taken (by this client or another). */
export async function insertUser(db: Db, user: { id: string; clientId: string; email: string; passwordHash: string; role: Role; at: Date }): Promise<UserRow | undefined> {
  return await db
    .insertInto('portal_users')
    .values({ id: user.id, client_id: user.clientId, email: user.email, password_hash: user.passwordHash, role: user.role, created_at: user.at, updated_at: user.at })
    .onConflict((conflict) => conflict.column('email').doNothing())
    .returning(userColumns)
    .executeTakeFirst()
}

export async function deleteUser(db: Db, clientId: string, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('portal_users').where('client_id', '=', clientId).where('id', '=', userId).executeTakeFirst()
  return result.numDeletedRows > 0n
}

export async function updateRole(db: Db, clientId: string, userId: string, role: Role, at: Date): Promise<void> {
  await db.updateTable('portal_users').set({ role, updated_at: at }).where('client_id', '=', clientId).where('id', '=', userId).execute()
}

export async function updatePassword(db: Db, clientId: string, userId: string, passwordHash: string, at: Date): Promise<void> {
  await db.updateTable('portal_users').set({ password_hash: passwordHash, updated_at: at }).where('client_id', '=', clientId).where('id', '=', userId).execute()
}

export interface SessionRow {
  user_id: string
  client_id: string
  email: string
  role: Role
  created_at: Date
  last_seen_at: Date
}

export async function insertSession(db: Db, session: { idHash: Buffer; userId: string; clientId: string; at: Date }): Promise<void> {
  await db.insertInto('portal_sessions').values({ id_hash: session.idHash, user_id: session.userId, client_id: session.clientId, created_at: session.at, last_seen_at: session.at }).execute()
}

/** The session with its user's current email and role (a role changed takes effect at the next request). */
export async function findSession(db: Db, idHash: Buffer): Promise<SessionRow | undefined> {
  return await db
    .selectFrom('portal_sessions as s')
    .innerJoin('portal_users as u', (join) => join.onRef('u.id', '=', 's.user_id').onRef('u.client_id', '=', 's.client_id'))
    .select(['s.user_id', 's.client_id', 'u.email', 'u.role', 's.created_at', 's.last_seen_at'])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst()
}

export async function touchSession(db: Db, idHash: Buffer, at: Date): Promise<void> {
  await db.updateTable('portal_sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute()
}

export async function deleteSession(db: Db, idHash: Buffer): Promise<void> {
  await db.deleteFrom('portal_sessions').where('id_hash', '=', idHash).execute()
}

export async function deleteSessionsOfUser(db: Db, clientId: string, userId: string): Promise<number> {
  const result = await db.deleteFrom('portal_sessions').where('client_id', '=', clientId).where('user_id', '=', userId).executeTakeFirst()
  return Number(result.numDeletedRows)
}

export interface InvitationRow {
  client_id: string
  kind: 'setup' | 'invitation'
  email: string | null
  role: Role
}

export async function insertInvitation(
  db: Db,
  invitation: { tokenHash: Buffer; clientId: string; kind: 'setup' | 'invitation'; email: string | null; role: Role; invitedBy: string | null; at: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('portal_invitations')
    .values({
      token_hash: invitation.tokenHash,
      client_id: invitation.clientId,
      kind: invitation.kind,
      email: invitation.email,
      role: invitation.role,
      invited_by: invitation.invitedBy,
      created_at: invitation.at,
      expires_at: invitation.expiresAt,
    })
    .execute()
}

/** Claims an unused, unexpired link of this kind in one statement: a second use, or a race, finds nothing. */
export async function claimInvitation(db: Db, tokenHash: Buffer, kind: 'setup' | 'invitation', at: Date): Promise<InvitationRow | undefined> {
  return await db
    .updateTable('portal_invitations')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('kind', '=', kind)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .returning(['client_id', 'kind', 'email', 'role'])
    .executeTakeFirst()
}

/** Gives back a link this request claimed (its use failed short of a user): only that claim, by its instant. */
export async function releaseInvitation(db: Db, tokenHash: Buffer, claimedAt: Date): Promise<void> {
  await db.updateTable('portal_invitations').set({ used_at: null }).where('token_hash', '=', tokenHash).where('used_at', '=', claimedAt).execute()
}

/** A new setup link replaces any unused one: only the latest banner's URL works. */
export async function expireSetupLinks(db: Db, clientId: string, at: Date): Promise<void> {
  await db.updateTable('portal_invitations').set({ expires_at: at }).where('client_id', '=', clientId).where('kind', '=', 'setup').where('used_at', 'is', null).where('expires_at', '>', at).execute()
}

export interface PendingInvitationRow {
  token_hash: Buffer
  email: string | null
  role: Role
  invited_by_email: string | null
  created_at: Date
  expires_at: Date
}

/** Invitations of the client that can still be accepted, newest first. */
export async function listPendingInvitations(db: Db, clientId: string, at: Date): Promise<PendingInvitationRow[]> {
  return await db
    .selectFrom('portal_invitations as i')
    .leftJoin('portal_users as u', 'u.id', 'i.invited_by')
    .select(['i.token_hash', 'i.email', 'i.role', 'u.email as invited_by_email', 'i.created_at', 'i.expires_at'])
    .where('i.client_id', '=', clientId)
    .where('i.kind', '=', 'invitation')
    .where('i.used_at', 'is', null)
    .where('i.expires_at', '>', at)
    .orderBy('i.created_at', 'desc')
    .execute()
}

/** Ends one pending invitation of the client now; its row, or undefined when there was none to end. */
export async function expireInvitation(db: Db, clientId: string, tokenHash: Buffer, at: Date): Promise<{ email: string | null; role: Role } | undefined> {
  return await db
    .updateTable('portal_invitations')
    .set({ expires_at: at })
    .where('client_id', '=', clientId)
    .where('token_hash', '=', tokenHash)
    .where('kind', '=', 'invitation')
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .returning(['email', 'role'])
    .executeTakeFirst()
}

/**
 * Ends the pending invitations a user made: an admin removed or made a viewer can no longer bring
 * anyone in through a link made while they were an admin.
 */
export async function expireInvitationsBy(db: Db, clientId: string, userId: string, at: Date): Promise<number> {
  const result = await db
    .updateTable('portal_invitations')
    .set({ expires_at: at })
    .where('client_id', '=', clientId)
    .where('invited_by', '=', userId)
    .where('kind', '=', 'invitation')
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** Sessions past their idle or absolute limit (those never presented again are otherwise kept). */
export async function deleteEndedSessions(db: Db, idleBefore: Date, createdBefore: Date): Promise<number> {
  const result = await db
    .deleteFrom('portal_sessions')
    .where((eb) => eb.or([eb('last_seen_at', '<=', idleBefore), eb('created_at', '<=', createdBefore)]))
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Setup links and invitations a week past their expiry: used or not, they can never be claimed again. */
export async function deleteExpiredInvitations(db: Db, expiredBefore: Date): Promise<number> {
  const result = await db.deleteFrom('portal_invitations').where('expires_at', '<', expiredBefore).executeTakeFirst()
  return Number(result.numDeletedRows)
}

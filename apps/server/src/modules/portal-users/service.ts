/**
 * @module The Portal's accounts and sessions: sign-in with its limits, sessions with idle and
 * absolute expiry, the first admin (from the environment or a one-time setup link), invitations,
 * and the users' management by admins, each change recorded in the audit log.
 */
import { createHash } from 'node:crypto'
import type { PortalInvitations, PortalRole, PortalSession, PortalUser } from '@linkway/contracts'
import type { Kysely } from 'kysely'
import type { Tables } from '@linkway/db'
import type { Clock, IdGenerator, RandomSource } from '../../app-deps.js'
import { AppError } from '../../app-error.js'
import type { PortalSettings } from '../../config.js'
import type { AuditLogService } from '../audit-log/index.js'
import type { RateLimitsService } from '../rate-limits/index.js'
import { hashPassword, SCRYPT_PARAMETERS, unknownUserHash, verifyPassword, type ScryptParameters } from './password-hash.js'
import * as repo from './repo.js'
import { csrfTokenOf, generateToken, hashToken, isCsrfTokenValid, isSameOriginRequest, isWellFormedToken, sessionCookieName } from './session-material.js'

/** A setup or invitation link this request holds: claimed, until its use succeeds or it is released. */
type ClaimedLink = repo.InvitationRow & { tokenHash: Buffer; claimedAt: Date }

/** The request headers the change rule reads. */
export interface ChangeHeaders {
  origin?: string | undefined
  'sec-fetch-site'?: string | string[] | undefined
  'x-csrf-token'?: string | string[] | undefined
}

/** last_seen_at is written at most this often: a busy Portal page does not write on every request. */
export const SESSION_TOUCH_EVERY_MS = 60_000
export const SETUP_LINK_VALID_MS = 3_600_000
export const INVITATION_VALID_MS = 7 * 24 * 3_600_000

export interface PortalServiceDeps {
  db: Kysely<Tables>
  clock: Clock
  ids: IdGenerator
  random: RandomSource
  publicUrl: string
  /** The key CSRF tokens are an HMAC under (derived from the encryption keys). */
  csrfKey: Buffer
  settings: PortalSettings
  rateLimits: Pick<RateLimitsService, 'blockedAddress' | 'countFailedAuthentication' | 'accountLoginBlocked' | 'countAccountLoginFailure'>
  audit: AuditLogService
  /** How new passwords are hashed; default SCRYPT_PARAMETERS (see AppDeps.passwordHashing). */
  passwordHashing?: ScryptParameters
}

/** A live session, as a request sees it. `sessionId` is the cookie's raw value: never logged, never returned. */
export interface SessionContext {
  sessionId: string
  clientId: string
  user: PortalUser
  csrfToken: string
}

/** A new session: the cookie's value, and the body the Portal reads. */
export interface SignedIn {
  sessionId: string
  session: PortalSession
}

const userOf = (row: { id?: string; user_id?: string; email: string; role: PortalRole }): PortalUser => ({ id: (row.id ?? row.user_id)!, email: row.email, role: row.role })
/** The per-account counter's key: the email never reaches the counters table. */
const accountKey = (email: string) => createHash('sha256').update(`portal-login:${email}`).digest('base64url')

export function createPortalUsersService({ db, clock, ids, random, publicUrl, csrfKey, settings, rateLimits, audit, passwordHashing = SCRYPT_PARAMETERS }: PortalServiceDeps) {
  const hashNew = (password: string) => hashPassword(password, passwordHashing)
  const unknownUserPasswordHash = unknownUserHash(passwordHashing)

  async function startSession(clientId: string, user: PortalUser): Promise<SignedIn> {
    const sessionId = generateToken(random)
    await repo.insertSession(db, { idHash: hashToken(sessionId), userId: user.id, clientId, at: clock.now() })
    return { sessionId, session: { user, csrfToken: csrfTokenOf(csrfKey, sessionId) } }
  }

  /** An address past its failed-authentication limit is refused before anything costs a hash. */
  function refuseBlockedAddress(address: string): void {
    const blockedFor = rateLimits.blockedAddress(address)
    if (blockedFor !== undefined) throw new AppError('rate_limited', { retryAfterSeconds: blockedFor })
  }

  /** Counts a failure against the address (the API's failed-authentication counter); a 429 once past its limit. */
  async function countAddressFailure(address: string): Promise<void> {
    const byAddress = await rateLimits.countFailedAuthentication(address)
    if (!byAddress.isAllowed) throw new AppError('rate_limited', { retryAfterSeconds: byAddress.retryAfterSeconds })
  }

  /**
   * A link's use starts by claiming it (one `UPDATE … WHERE used_at IS NULL`), before its new
   * password is hashed (scrypt: tens of milliseconds of a pool thread): an unknown, used or expired
   * token, one another request holds at this moment, a setup link of a client that has users by
   * now, or an invitation to an email that has become a user costs a statement, not a hash, and
   * counts against its address like a failed sign-in. So nobody can make the server hash at will,
   * with made-up links or a burst on a real one: each real link is hashed for once at a time.
   */
  async function claimLink(address: string, token: string, kind: 'setup' | 'invitation'): Promise<ClaimedLink> {
    refuseBlockedAddress(address)
    const tokenHash = isWellFormedToken(token) ? hashToken(token) : undefined
    const claimedAt = clock.now()
    const link = tokenHash ? await repo.claimInvitation(db, tokenHash, kind, claimedAt) : undefined
    if (!tokenHash || !link) return await refuseCounted(address, 'portal_link_invalid')
    const claimed = { ...link, tokenHash, claimedAt }
    // A setup link printed before an admin was made some other way (CLI, environment) is spent.
    if (kind === 'setup' && (await repo.countUsers(db, link.client_id)) > 0) return await refuseCounted(address, 'portal_link_invalid')
    if (link.email !== null && (await repo.findUserByEmail(db, link.email)) !== undefined) {
      // Usable again should that user go: the invitation itself is not spent.
      await repo.releaseInvitation(db, tokenHash, claimedAt)
      return await refuseCounted(address, 'portal_email_taken')
    }
    return claimed
  }

  async function refuseCounted(address: string, code: 'portal_link_invalid' | 'portal_email_taken'): Promise<never> {
    await countAddressFailure(address)
    throw new AppError(code)
  }

  /**
   * The rest of a claimed link's use. If it fails short of a user (an email taken, the database
   * away), the link is released for the person to try again; the error is what they see.
   */
  async function useClaimedLink<T>(address: string, link: ClaimedLink, use: () => Promise<T>): Promise<T> {
    try {
      return await use()
    } catch (error) {
      const isSpent = error instanceof AppError && error.code === 'portal_link_invalid'
      if (!isSpent) await repo.releaseInvitation(db, link.tokenHash, link.claimedAt).catch(() => undefined)
      // Each such try cost a hash: counted, so a real link cannot be tried again and again either.
      if (error instanceof AppError && (isSpent || error.code === 'portal_email_taken')) await countAddressFailure(address)
      throw error
    }
  }

  const actorOf = (ctx: SessionContext) => ({ clientId: ctx.clientId, userId: ctx.user.id, userEmail: ctx.user.email })

  function requireAdmin(ctx: SessionContext): void {
    if (ctx.user.role !== 'admin') throw new AppError('portal_role_refused', { role: ctx.user.role })
  }

  /** Creates a user of `clientId`; 409 when the email is taken. The hash is made before any transaction. */
  async function createUser(clientId: string, input: { email: string; password: string; role: PortalRole }): Promise<PortalUser> {
    const passwordHash = await hashNew(input.password)
    const row = await repo.insertUser(db, { id: ids.uuid(), clientId, email: input.email.toLowerCase(), passwordHash, role: input.role, at: clock.now() })
    if (!row) throw new AppError('portal_email_taken')
    return userOf(row)
  }

  return {
    /** How long a session cookie should live in the browser: the absolute limit (the server enforces both). */
    cookieMaxAgeSeconds: Math.floor(settings.sessionMaxMs / 1000),
    /** The session cookie's name (`__Host-` prefixed over https). */
    cookieName: sessionCookieName(publicUrl),

    /**
     * At start, for the first client: with LINKWAY_ADMIN_EMAIL/PASSWORD, creates that admin if the
     * client has no Portal user; without them, and no user, returns a one-time setup URL (one hour).
     */
    async prepareFirstAdmin(clientId: string): Promise<{ setupUrl?: string; createdAdmin?: string }> {
      if ((await repo.countUsers(db, clientId)) > 0) return {}
      if (settings.firstAdmin) {
        try {
          const user = await createUser(clientId, { ...settings.firstAdmin, role: 'admin' })
          return { createdAdmin: user.email }
        } catch (error) {
          // Another process starting at the same time created it.
          if (error instanceof AppError && error.code === 'portal_email_taken') return {}
          throw error
        }
      }
      const token = generateToken(random)
      const now = clock.now()
      await db.transaction().execute(async (trx) => {
        await repo.expireSetupLinks(trx, clientId, now)
        await repo.insertInvitation(trx, { tokenHash: hashToken(token), clientId, kind: 'setup', email: null, role: 'admin', invitedBy: null, at: now, expiresAt: new Date(now.getTime() + SETUP_LINK_VALID_MS) })
      })
      // In the fragment: a browser sends no fragment in Referer headers or request lines.
      return { setupUrl: `${publicUrl}/portal/setup#token=${token}` }
    },

    /** The setup link's one use: creates the client's first admin and signs them in. */
    async completeSetup(address: string, input: { token: string; email: string; password: string }): Promise<SignedIn> {
      const link = await claimLink(address, input.token, 'setup')
      const created = await useClaimedLink(address, link, async () => {
        const passwordHash = await hashNew(input.password)
        return await db.transaction().execute(async (trx) => {
          await repo.lockClientUsers(trx, link.client_id)
          // A link printed before an admin was made some other way (CLI, environment) must not add a second.
          if ((await repo.countUsers(trx, link.client_id)) > 0) throw new AppError('portal_link_invalid')
          const row = await repo.insertUser(trx, { id: ids.uuid(), clientId: link.client_id, email: input.email, passwordHash, role: 'admin', at: clock.now() })
          if (!row) throw new AppError('portal_email_taken')
          const user = userOf(row)
          await audit.record({ clientId: link.client_id, userId: user.id, userEmail: user.email }, { action: 'portal.setup', targetIds: { userId: user.id }, after: user, status: 201 }, trx)
          return { clientId: link.client_id, user }
        })
      })
      return await startSession(created.clientId, created.user)
    },

    /**
     * Sign-in. Refused with one message whether the email is unknown or the password wrong (and
     * in about the same time); limited per address (the API's failed-authentication counter) and
     * per account (5 failures in 15 minutes, then 429 until the window ends).
     */
    async login(address: string, input: { email: string; password: string }): Promise<SignedIn> {
      refuseBlockedAddress(address)
      const email = input.email.trim().toLowerCase()
      const account = accountKey(email)
      const lockedFor = await rateLimits.accountLoginBlocked(account)
      if (lockedFor !== undefined) throw new AppError('rate_limited', { retryAfterSeconds: lockedFor })
      const user = await repo.findUserByEmail(db, email)
      const isValid = await verifyPassword(input.password, user?.password_hash ?? unknownUserPasswordHash)
      if (!user || !isValid) {
        await rateLimits.countAccountLoginFailure(account)
        await countAddressFailure(address)
        throw new AppError('portal_login_failed')
      }
      return await startSession(user.client_id, userOf(user))
    },

    /**
     * The session a cookie names, or undefined when it is unknown or expired (idle past
     * sessionIdleMs since it was last seen, or older than sessionMaxMs); an expired one is deleted.
     */
    async authenticate(sessionId: string | undefined): Promise<SessionContext | undefined> {
      if (sessionId === undefined || !isWellFormedToken(sessionId)) return undefined
      const idHash = hashToken(sessionId)
      const row = await repo.findSession(db, idHash)
      if (!row) return undefined
      const now = clock.now().getTime()
      const isExpired = now - row.last_seen_at.getTime() >= settings.sessionIdleMs || now - row.created_at.getTime() >= settings.sessionMaxMs
      if (isExpired) {
        await repo.deleteSession(db, idHash)
        return undefined
      }
      if (now - row.last_seen_at.getTime() >= SESSION_TOUCH_EVERY_MS) await repo.touchSession(db, idHash, clock.now())
      return { sessionId, clientId: row.client_id, user: userOf(row), csrfToken: csrfTokenOf(csrfKey, sessionId) }
    },

    /** Refuses (403) a change made with this session that lacks its X-CSRF-Token or comes from another site. */
    assertChangeAllowed(ctx: SessionContext, headers: ChangeHeaders): void {
      const sent = typeof headers['x-csrf-token'] === 'string' ? headers['x-csrf-token'] : undefined
      if (!isSameOriginRequest(headers, publicUrl) || !isCsrfTokenValid(csrfKey, ctx.sessionId, sent)) throw new AppError('portal_csrf_refused')
    },

    /** Sign-in and the links' use come from the Portal's own pages: another site's Origin is refused (no login CSRF). */
    assertSameOrigin(headers: ChangeHeaders): void {
      if (!isSameOriginRequest(headers, publicUrl)) throw new AppError('portal_csrf_refused')
    },

    async logout(ctx: SessionContext): Promise<void> {
      await repo.deleteSession(db, hashToken(ctx.sessionId))
    },

    async logoutEverywhere(ctx: SessionContext): Promise<void> {
      const ended = await repo.deleteSessionsOfUser(db, ctx.clientId, ctx.user.id)
      await audit.record(actorOf(ctx), { action: 'session.logoutEverywhere', targetIds: { userId: ctx.user.id }, after: { endedSessions: ended }, status: 204 })
    },

    async listUsers(ctx: SessionContext): Promise<{ results: Array<PortalUser & { createdDate: string }> }> {
      requireAdmin(ctx)
      const rows = await repo.listUsers(db, ctx.clientId)
      return { results: rows.map((row) => ({ ...userOf(row), createdDate: row.created_at.toISOString() })) }
    },

    /** An invitation link (7 days, single use); Linkway sends no email, the admin passes it on. */
    async invite(ctx: SessionContext, input: { email: string; role: PortalRole }): Promise<{ url: string }> {
      requireAdmin(ctx)
      // Only the admin's own team is told the email is taken: whether someone is a user of another
      // client is not theirs to learn. Such an invitation fails when it is accepted.
      if ((await repo.findUserByEmail(db, input.email))?.client_id === ctx.clientId) throw new AppError('portal_email_taken')
      const token = generateToken(random)
      const now = clock.now()
      await db.transaction().execute(async (trx) => {
        await repo.insertInvitation(trx, { tokenHash: hashToken(token), clientId: ctx.clientId, kind: 'invitation', email: input.email, role: input.role, invitedBy: ctx.user.id, at: now, expiresAt: new Date(now.getTime() + INVITATION_VALID_MS) })
        await audit.record(actorOf(ctx), { action: 'invitation.create', targetIds: {}, after: { email: input.email, role: input.role }, status: 201 }, trx)
      })
      return { url: `${publicUrl}/portal/invite#token=${token}` }
    },

    /** Invitations not yet accepted (admins); an invitation's id is its token's hash, which reveals nothing of the token. */
    async listInvitations(ctx: SessionContext): Promise<PortalInvitations> {
      requireAdmin(ctx)
      const rows = await repo.listPendingInvitations(db, ctx.clientId, clock.now())
      return {
        results: rows.map((row) => ({
          id: row.token_hash.toString('base64url'),
          email: row.email ?? '',
          role: row.role,
          invitedBy: row.invited_by_email,
          createdDate: row.created_at.toISOString(),
          expiresDate: row.expires_at.toISOString(),
        })),
      }
    },

    /** Ends an invitation before it is used (admins). */
    async revokeInvitation(ctx: SessionContext, invitationId: string): Promise<void> {
      requireAdmin(ctx)
      await db.transaction().execute(async (trx) => {
        const ended = await repo.expireInvitation(trx, ctx.clientId, Buffer.from(invitationId, 'base64url'), clock.now())
        if (!ended) throw new AppError('portal_invitation_not_found', { invitationId })
        await audit.record(actorOf(ctx), { action: 'invitation.revoke', targetIds: { invitationId }, before: ended, status: 204 }, trx)
      })
    },

    /** An invitation's one use: creates the invited user with their password and signs them in. */
    async acceptInvitation(address: string, input: { token: string; password: string }): Promise<SignedIn> {
      const invitation = await claimLink(address, input.token, 'invitation')
      const { email } = invitation
      // Every invitation names its email; a row without one is no invitation to accept.
      if (email === null) return await refuseCounted(address, 'portal_link_invalid')
      const created = await useClaimedLink(address, invitation, async () => {
        const passwordHash = await hashNew(input.password)
        return await db.transaction().execute(async (trx) => {
          const row = await repo.insertUser(trx, { id: ids.uuid(), clientId: invitation.client_id, email, passwordHash, role: invitation.role, at: clock.now() })
          if (!row) throw new AppError('portal_email_taken')
          const user = userOf(row)
          await audit.record({ clientId: invitation.client_id, userId: user.id, userEmail: user.email }, { action: 'invitation.accept', targetIds: { userId: user.id }, after: user, status: 201 }, trx)
          return { clientId: invitation.client_id, user }
        })
      })
      return await startSession(created.clientId, created.user)
    },

    /** Removes a user and ends their sessions (cascade); never the client's last admin. */
    async removeUser(ctx: SessionContext, userId: string): Promise<void> {
      requireAdmin(ctx)
      await db.transaction().execute(async (trx) => {
        await repo.lockClientUsers(trx, ctx.clientId)
        const user = await repo.findUser(trx, ctx.clientId, userId)
        if (!user) throw new AppError('portal_user_not_found', { userId })
        if (user.role === 'admin' && (await repo.countUsers(trx, ctx.clientId, 'admin')) <= 1) throw new AppError('portal_last_admin')
        // Before the delete, which clears invited_by.
        const endedInvitations = await repo.expireInvitationsBy(trx, ctx.clientId, userId, clock.now())
        await repo.deleteUser(trx, ctx.clientId, userId)
        await audit.record(actorOf(ctx), { action: 'user.remove', targetIds: { userId }, before: userOf(user), after: { endedInvitations }, status: 204 }, trx)
      })
    },

    async changeRole(ctx: SessionContext, userId: string, role: PortalRole): Promise<PortalUser> {
      requireAdmin(ctx)
      return await db.transaction().execute(async (trx) => {
        await repo.lockClientUsers(trx, ctx.clientId)
        const user = await repo.findUser(trx, ctx.clientId, userId)
        if (!user) throw new AppError('portal_user_not_found', { userId })
        if (user.role === 'admin' && role !== 'admin' && (await repo.countUsers(trx, ctx.clientId, 'admin')) <= 1) throw new AppError('portal_last_admin')
        await repo.updateRole(trx, ctx.clientId, userId, role, clock.now())
        if (role !== 'admin') await repo.expireInvitationsBy(trx, ctx.clientId, userId, clock.now())
        const after = { ...userOf(user), role }
        await audit.record(actorOf(ctx), { action: 'user.role', targetIds: { userId }, before: userOf(user), after, status: 200 }, trx)
        return after
      })
    },

    async listAudit(ctx: SessionContext, query: Parameters<AuditLogService['list']>[1]) {
      requireAdmin(ctx)
      return await audit.list(ctx.clientId, query)
    },

    /** The keep-alive sweep's part: ended sessions, and links a week past expiry (kept that long to answer "used" rather than "unknown"). */
    async prune(): Promise<{ sessions: number; invitations: number }> {
      const now = clock.now().getTime()
      const sessions = await repo.deleteEndedSessions(db, new Date(now - settings.sessionIdleMs), new Date(now - settings.sessionMaxMs))
      const invitations = await repo.deleteExpiredInvitations(db, new Date(now - 7 * 24 * 3_600_000))
      return { sessions, invitations }
    },

    // The command line's operations (cli/portal-users.ts): no session, an operator at the machine.

    createUser,

    async listUsersOf(clientId: string): Promise<Array<PortalUser & { createdDate: string }>> {
      return (await repo.listUsers(db, clientId)).map((row) => ({ ...userOf(row), createdDate: row.created_at.toISOString() }))
    },

    /** Removes the user with this email (any client), ending their sessions; false when there is none. */
    async removeUserByEmail(email: string): Promise<boolean> {
      return await db.transaction().execute(async (trx) => {
        const user = await repo.findUserByEmail(trx, email.toLowerCase())
        if (!user) return false
        await repo.lockClientUsers(trx, user.client_id)
        if (user.role === 'admin' && (await repo.countUsers(trx, user.client_id, 'admin')) <= 1) throw new AppError('portal_last_admin')
        return await repo.deleteUser(trx, user.client_id, user.id)
      })
    },

    /** Sets a new password and ends every session of the user; false when there is no such user. */
    async resetPassword(email: string, password: string): Promise<boolean> {
      const user = await repo.findUserByEmail(db, email.toLowerCase())
      if (!user) return false
      const passwordHash = await hashNew(password)
      await db.transaction().execute(async (trx) => {
        await repo.updatePassword(trx, user.client_id, user.id, passwordHash, clock.now())
        await repo.deleteSessionsOfUser(trx, user.client_id, user.id)
      })
      return true
    },
  }
}

export type PortalUsersService = ReturnType<typeof createPortalUsersService>

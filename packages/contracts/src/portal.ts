/** @module The Portal's accounts, sessions and audit log: the contracts of /portal/api/*. */
import { z } from 'zod'
import { positiveInteger } from './paging.js'
import { WireString, wireInstant } from './wire-values.js'

export const PORTAL_ROLES = ['admin', 'viewer'] as const
export const PortalRole = z.enum(PORTAL_ROLES).meta({ id: 'PortalRole' })
export type PortalRole = z.infer<typeof PortalRole>

/** Lower-cased, so one address is one account whatever the case it is typed in. */
export const PortalEmail = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ error: 'email must be an email address' }))
  .transform((email) => email.toLowerCase())

/** 12 to 200 characters, no NUL (scrypt takes any bytes, but a NUL is a truncation bug elsewhere). */
export const PortalPassword = z
  .string()
  .min(12, 'password must be at least 12 characters')
  .max(200, 'password must be at most 200 characters')
  .refine((password) => !password.includes('\0'), 'password must not contain NUL')

export const PortalUser = z.object({ id: z.uuid(), email: z.string(), role: PortalRole }).meta({ id: 'PortalUser' })
export type PortalUser = z.infer<typeof PortalUser>

export const PortalSession = z.object({ user: PortalUser, csrfToken: z.string() }).meta({ id: 'PortalSession' })
export type PortalSession = z.infer<typeof PortalSession>

export const PortalLogin = z.object({ email: WireString.max(254), password: z.string().max(200) })
export const PortalSetup = z.object({ token: z.string().max(200), email: PortalEmail, password: PortalPassword })
export const PortalInvite = z.object({ email: PortalEmail, role: PortalRole })
export const PortalInvitationLink = z.object({ url: z.string() }).meta({ id: 'PortalInvitationLink' })
export type PortalInvitationLink = z.infer<typeof PortalInvitationLink>
export const PortalInvitations = z
  .object({
    results: z.array(z.object({ id: z.string(), email: z.string(), role: PortalRole, invitedBy: z.string().nullable(), createdDate: z.string(), expiresDate: z.string() })),
  })
  .meta({ id: 'PortalInvitations' })
export type PortalInvitations = z.infer<typeof PortalInvitations>
/** An invitation's id: the base64url SHA-256 of its token (43 characters). */
export const PortalInvitationParams = z.object({ invitationId: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'invitationId is not an invitation id') })
export const PortalAcceptInvitation = z.object({ token: z.string().max(200), password: PortalPassword })
export const PortalRoleChange = z.object({ role: PortalRole })
export const PortalUserParams = z.object({ userId: z.uuid() })
export const PortalUsers = z.object({ results: z.array(PortalUser.extend({ createdDate: z.string() })) }).meta({ id: 'PortalUsers' })
export type PortalUsers = z.infer<typeof PortalUsers>

export const AuditEntry = z
  .object({
    id: z.uuid(),
    userId: z.string().nullable(),
    userEmail: z.string(),
    action: z.string(),
    targetIds: z.record(z.string(), z.string()),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    status: z.number().int(),
    at: z.string(),
  })
  .meta({ id: 'AuditEntry' })
export type AuditEntry = z.infer<typeof AuditEntry>

export const AuditQuery = z.object({
  action: WireString.max(200).optional(),
  userId: z.uuid().optional(),
  from: wireInstant('from').optional(),
  to: wireInstant('to').optional(),
  page: positiveInteger('page', 10_000).optional().default(1),
})
export const AuditPage = z.object({ results: z.array(AuditEntry), page: z.number().int(), pageSize: z.number().int() }).meta({ id: 'AuditPage' })
export type AuditPage = z.infer<typeof AuditPage>

/**
 * @module HTTP for the Portal's accounts: /portal/api/{setup,login,me,logout,logout-everywhere,
 * users,invitations,audit}. Sign-in, setup and accepting an invitation need no session (but the
 * Portal's Origin); the rest need the `linkway_portal` cookie, and a change also its X-CSRF-Token.
 * They are the Portal's own, not Codat's API: hidden from /openapi.json (docs/portal.md lists them).
 */
import { AuditPage, AuditQuery, ErrorMessage, PortalAcceptInvitation, PortalInvitationLink, PortalInvitationParams, PortalInvitations, PortalInvite, PortalLogin, PortalRoleChange, PortalSession, PortalSetup, PortalUser, PortalUserParams, PortalUsers } from '@linkway/contracts'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AppError } from '../../app-error.js'
import { soleCookieValue } from '../../http/cookies.js'
import type { PortalUsersService, SessionContext, SignedIn } from './service.js'
import { clearedSessionCookie, sessionCookie } from './session-material.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This Portal route needs a session: 'read' (GET), or 'change' (also the CSRF token and Origin). */
    portalSession?: 'read' | 'change'
  }
}

const tags = ['Portal']
const errors = { 400: ErrorMessage, 401: ErrorMessage, 403: ErrorMessage, 404: ErrorMessage, 409: ErrorMessage, 429: ErrorMessage }

export function portalUsersRoutes(portal: PortalUsersService, publicUrl: string): FastifyPluginAsyncZod {
  const signIn = (reply: FastifyReply, signedIn: SignedIn) => {
    reply.header('set-cookie', sessionCookie(signedIn.sessionId, publicUrl, portal.cookieMaxAgeSeconds))
    return signedIn.session
  }
  const session = (request: FastifyRequest): SessionContext => request.portalSession!

  return async (app) => {
    // Before the body is read: an anonymous caller cannot make us parse it, nor learn what it lacks.
    app.addHook('onRequest', async (request, reply) => {
      reply.header('cache-control', 'no-store')
      const needs = request.routeOptions.config.portalSession
      if (needs === undefined) {
        if (request.method === 'POST') portal.assertSameOrigin(request.headers)
        return
      }
      const ctx = await portal.authenticate(soleCookieValue(request.headers.cookie, portal.cookieName))
      if (!ctx) throw new AppError('portal_session_required')
      if (needs === 'change') portal.assertChangeAllowed(ctx, request.headers)
      request.portalSession = ctx
    })

    app.post(
      '/portal/api/setup',
      { schema: { hide: true, operationId: 'portal-setup', tags, summary: 'Create the first admin with the setup link', body: PortalSetup, response: { 201: PortalSession, ...errors } } },
      async (request, reply) => reply.code(201).send(signIn(reply, await portal.completeSetup(request.ip, request.body))),
    )

    app.post(
      '/portal/api/login',
      { schema: { hide: true, operationId: 'portal-login', tags, summary: 'Sign in to the Portal', body: PortalLogin, response: { 200: PortalSession, ...errors } } },
      async (request, reply) => signIn(reply, await portal.login(request.ip, request.body)),
    )

    app.get(
      '/portal/api/me',
      { config: { portalSession: 'read' }, schema: { hide: true, operationId: 'portal-me', tags, summary: 'The signed-in user and the CSRF token', response: { 200: PortalSession, ...errors } } },
      async (request) => ({ user: session(request).user, csrfToken: session(request).csrfToken }),
    )

    app.post(
      '/portal/api/logout',
      { config: { portalSession: 'change' }, schema: { hide: true, operationId: 'portal-logout', tags, summary: 'End this session', response: { 204: z.null(), ...errors } } },
      async (request, reply) => {
        await portal.logout(session(request))
        return reply.header('set-cookie', clearedSessionCookie(publicUrl)).code(204).send(null)
      },
    )

    app.post(
      '/portal/api/logout-everywhere',
      { config: { portalSession: 'change' }, schema: { hide: true, operationId: 'portal-logout-everywhere', tags, summary: "End every session of this user", response: { 204: z.null(), ...errors } } },
      async (request, reply) => {
        await portal.logoutEverywhere(session(request))
        return reply.header('set-cookie', clearedSessionCookie(publicUrl)).code(204).send(null)
      },
    )

    app.get(
      '/portal/api/users',
      { config: { portalSession: 'read' }, schema: { hide: true, operationId: 'portal-list-users', tags, summary: 'List Portal users (admins)', response: { 200: PortalUsers, ...errors } } },
      async (request) => await portal.listUsers(session(request)),
    )

    app.post(
      '/portal/api/invitations',
      { config: { portalSession: 'change' }, schema: { hide: true, operationId: 'portal-invite', tags, summary: 'Invite a colleague (admins): a link valid 7 days, once', body: PortalInvite, response: { 201: PortalInvitationLink, ...errors } } },
      async (request, reply) => reply.code(201).send(await portal.invite(session(request), request.body)),
    )

    app.get(
      '/portal/api/invitations',
      { config: { portalSession: 'read' }, schema: { hide: true, operationId: 'portal-list-invitations', tags, summary: 'Invitations not yet accepted (admins)', response: { 200: PortalInvitations, ...errors } } },
      async (request) => await portal.listInvitations(session(request)),
    )

    app.delete(
      '/portal/api/invitations/:invitationId',
      { config: { portalSession: 'change' }, schema: { hide: true, operationId: 'portal-revoke-invitation', tags, summary: 'End an invitation before it is used (admins)', params: PortalInvitationParams, response: { 204: z.null(), ...errors } } },
      async (request, reply) => {
        await portal.revokeInvitation(session(request), request.params.invitationId)
        return reply.code(204).send(null)
      },
    )

    app.post(
      '/portal/api/invitations/accept',
      { schema: { hide: true, operationId: 'portal-accept-invitation', tags, summary: 'Accept an invitation: set a password and sign in', body: PortalAcceptInvitation, response: { 201: PortalSession, ...errors } } },
      async (request, reply) => reply.code(201).send(signIn(reply, await portal.acceptInvitation(request.ip, request.body))),
    )

    app.delete(
      '/portal/api/users/:userId',
      { config: { portalSession: 'change' }, schema: { hide: true, operationId: 'portal-remove-user', tags, summary: 'Remove a user and end their sessions (admins)', params: PortalUserParams, response: { 204: z.null(), ...errors } } },
      async (request, reply) => {
        await portal.removeUser(session(request), request.params.userId)
        return reply.code(204).send(null)
      },
    )

    app.post(
      '/portal/api/users/:userId/role',
      { config: { portalSession: 'change' }, schema: { hide: true, operationId: 'portal-change-role', tags, summary: "Change a user's role (admins)", params: PortalUserParams, body: PortalRoleChange, response: { 200: PortalUser, ...errors } } },
      async (request) => await portal.changeRole(session(request), request.params.userId, request.body.role),
    )

    app.get(
      '/portal/api/audit',
      { config: { portalSession: 'read' }, schema: { hide: true, operationId: 'portal-audit', tags, summary: 'The audit log (admins)', querystring: AuditQuery, response: { 200: AuditPage, ...errors } } },
      async (request) => await portal.listAudit(session(request), request.query),
    )
  }
}

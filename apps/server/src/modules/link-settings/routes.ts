/** @module HTTP for Link settings and the Link funnel (Linkway's own endpoints; the portal will edit them). */
import { ErrorMessage, FUNNEL_DAILY_MAX_DAYS, LinkFunnel, LinkFunnelDaily, LinkFunnelQuery, LinkSettings, WIRE_INSTANT_MIN } from '@linkway/contracts'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { LinkSettingsService } from './service.js'

const tags = ['Link settings']
const DAY_MS = 24 * 60 * 60 * 1000

const InviteUrl = z.object({ url: z.string(), enabled: z.boolean() }).meta({ id: 'LinkInviteUrl' })

export function linkSettingsRoutes(settings: LinkSettingsService, clock: { now(): Date }, publicUrl: string): FastifyPluginAsyncZod {
  /** The range asked for, with its defaults: the 30 days up to now. */
  const rangeOf = (query: LinkFunnelQuery): { from: Date; to: Date } => {
    // By default up to and including this instant: an event recorded just now counts.
    const to = query.to ? new Date(query.to) : new Date(clock.now().getTime() + 1)
    // Thirty days before a `to` in January of year 1 would be a year the database has not.
    const from = query.from ? new Date(query.from) : new Date(Math.max(to.getTime() - 30 * DAY_MS, Date.parse(WIRE_INSTANT_MIN)))
    return { from, to }
  }
  return async (app) => {
    app.get(
      '/linkSettings/inviteUrl',
      {
        schema: {
          operationId: 'get-link-invite-url',
          tags,
          summary: 'Invite company URL',
          description: 'The page where a person types their company name, which creates the company and continues into its hosted Link. `invitePage.enabled` switches it off.',
          response: { 200: InviteUrl, 401: ErrorMessage },
        },
      },
      async (request) => ({ url: `${publicUrl}/link/client/${request.client.clientId}`, enabled: (await settings.get(request.client)).invitePage.enabled }),
    )
    app.get(
      '/linkSettings',
      { schema: { operationId: 'get-link-settings', tags, summary: 'Get Link settings', response: { 200: LinkSettings, 401: ErrorMessage } } },
      async (request) => await settings.get(request.client),
    )
    app.put(
      '/linkSettings',
      {
        schema: {
          operationId: 'update-link-settings',
          tags,
          summary: 'Replace Link settings',
          description: 'Fields left out take their defaults. Texts may use `{companyName}` and `{platformName}`; they are Markdown, never HTML. An empty text means the translated default.',
          body: LinkSettings,
          response: { 200: LinkSettings, 400: ErrorMessage, 401: ErrorMessage },
        },
      },
      async (request) => await settings.replace(request.client, request.body),
    )
    app.get(
      '/link/funnel',
      {
        schema: {
          operationId: 'get-link-funnel',
          tags,
          summary: 'Link funnel',
          description: 'How many Link visits reached each step between `from` and `to`: in total, per platform and per category. Linkway addition.',
          querystring: LinkFunnelQuery,
          response: { 200: LinkFunnel, 400: ErrorMessage, 401: ErrorMessage },
        },
      },
      async (request) => {
        const { from, to } = rangeOf(request.query)
        return await settings.funnel(request.client, from, to)
      },
    )
    app.get(
      '/link/funnel/daily',
      {
        schema: {
          operationId: 'get-link-funnel-daily',
          tags,
          summary: 'Link funnel per day',
          description: `How many Link visits reached each step on each UTC day between \`from\` and \`to\` (at most ${FUNNEL_DAILY_MAX_DAYS} days), days without visits included. Linkway addition.`,
          querystring: LinkFunnelQuery,
          response: { 200: LinkFunnelDaily, 400: ErrorMessage, 401: ErrorMessage },
        },
      },
      async (request) => {
        const { from, to } = rangeOf(request.query)
        return await settings.funnelDaily(request.client, from, to)
      },
    )
  }
}

/** @module HTTP for Link settings and the Link funnel (Linkway's own endpoints; the portal will edit them). */
import { ErrorMessage, LinkSettings, WIRE_INSTANT_MIN, wireInstant } from '@linkway/contracts'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { FUNNEL_EVENTS, type LinkSettingsService } from './service.js'

const tags = ['Link settings']
const DAY_MS = 24 * 60 * 60 * 1000

const FunnelQuery = z.object({
  from: wireInstant('from').optional().meta({ description: 'Start (inclusive); default 30 days before `to`.' }),
  to: wireInstant('to').optional().meta({ description: 'End (exclusive); default now.' }),
})

const FunnelCounts = z
  .object({
    from: z.string(),
    to: z.string(),
    steps: z.array(z.object({ event: z.enum(FUNNEL_EVENTS), visits: z.int(), byPlatform: z.record(z.string(), z.int()) })),
  })
  .meta({ id: 'LinkFunnel' })

const InviteUrl = z.object({ url: z.string(), enabled: z.boolean() }).meta({ id: 'LinkInviteUrl' })

export function linkSettingsRoutes(settings: LinkSettingsService, clock: { now(): Date }, publicUrl: string): FastifyPluginAsyncZod {
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
          description: 'How many Link visits reached each step, in total and per platform, between `from` and `to`.',
          querystring: FunnelQuery,
          response: { 200: FunnelCounts, 400: ErrorMessage, 401: ErrorMessage },
        },
      },
      async (request) => {
        // By default up to and including this instant: an event recorded just now counts.
        const to = request.query.to ? new Date(request.query.to) : new Date(clock.now().getTime() + 1)
        // Thirty days before a `to` in January of year 1 would be a year the database has not.
        const from = request.query.from ? new Date(request.query.from) : new Date(Math.max(to.getTime() - 30 * DAY_MS, Date.parse(WIRE_INSTANT_MIN)))
        return await settings.funnel(request.client, from, to)
      },
    )
  }
}

/**
 * @module Link settings per client (what hosted and embedded Link ask for and say) and the Link
 * funnel: the steps people reach, counted per visit, for the portal's conversion chart.
 */
import { FUNNEL_DAILY_MAX_DAYS, FUNNEL_EVENTS, LinkSettings, type FunnelEvent, type LinkFunnel, type LinkFunnelDaily } from '@linkway/contracts'
import type { Tables } from '@linkway/db'
import type { Kysely } from 'kysely'
import type { Clock, IdGenerator } from '../../app-deps.js'
import { AppError } from '../../app-error.js'
import type { AuthenticatedClient } from '../api-keys/index.js'
import * as repo from './repo.js'

export { FUNNEL_EVENTS, type FunnelEvent }

const DAY_MS = 24 * 60 * 60 * 1000

/** How long a process trusts its cached `oneTimeLinks` flag of a client (another process may change it). */
const FLAG_CACHE_MS = 5_000

export function createLinkSettingsService({ db, clock, ids }: { db: Kysely<Tables>; clock: Clock; ids: IdGenerator }) {
  const oneTimeFlags = new Map<string, { value: boolean; expiresAt: number }>()
  return {
    /** Whether this client's Link URLs are one-time: asked on every company and connection answer, so cached. */
    async isOneTimeLinks(clientId: string): Promise<boolean> {
      const now = clock.now().getTime()
      const cached = oneTimeFlags.get(clientId)
      if (cached && cached.expiresAt > now) return cached.value
      const value = (await this.forClient(clientId)).oneTimeLinks
      if (oneTimeFlags.size > 10_000) oneTimeFlags.clear()
      oneTimeFlags.set(clientId, { value, expiresAt: now + FLAG_CACHE_MS })
      return value
    },

    /** Stored settings with today's defaults for anything added since they were saved. */
    async forClient(clientId: string): Promise<LinkSettings> {
      return LinkSettings.parse((await repo.findSettings(db, clientId)) ?? {})
    },

    async get(client: AuthenticatedClient): Promise<LinkSettings> {
      return await this.forClient(client.clientId)
    },

    async replace(client: AuthenticatedClient, settings: LinkSettings): Promise<LinkSettings> {
      // Refused here, not in the contract: settings stored before this rule are still read as they are.
      if (/^http:/i.test(settings.branding.logoUrl.trim())) {
        const message = 'logoUrl must be an https URL: Link pages load images over https only, so an http: image would be blocked in the browser. Leave it empty to show the logo of your profile (PUT /profile/logo uploads one).'
        throw new AppError('validation_failed', { summary: `The request is invalid: branding.logoUrl: ${message}` }, [{ itemId: 'branding.logoUrl', message, validatorName: 'custom' }])
      }
      await repo.upsertSettings(db, client.clientId, settings, clock.now())
      oneTimeFlags.delete(client.clientId)
      return settings
    },

    async recordEvent(event: { clientId: string; companyId: string; visitId: string; event: FunnelEvent; category?: string | undefined; platformKey?: string | undefined; step?: string | undefined }): Promise<void> {
      await repo.insertFunnelEvent(db, {
        id: ids.uuid(),
        client_id: event.clientId,
        company_id: event.companyId,
        visit_id: event.visitId,
        event: event.event,
        category: event.category ?? null,
        platform_key: event.platformKey ?? null,
        step: event.step ?? null,
        occurred_at: clock.now(),
      })
    },

    async funnel(client: AuthenticatedClient, from: Date, to: Date): Promise<LinkFunnel> {
      const rows = await repo.countFunnel(db, client.clientId, from, to)
      const steps = FUNNEL_EVENTS.map((event) => ({ event, visits: 0, byPlatform: {} as Record<string, number>, byCategory: {} as Record<string, number> }))
      for (const row of rows) {
        const step = steps.find((candidate) => candidate.event === row.event)
        if (!step) continue
        if (row.grouping === 3) step.visits = row.visits
        else if (row.grouping === 1 && row.platform_key !== null) step.byPlatform[row.platform_key] = row.visits
        else if (row.grouping === 2 && row.category !== null) step.byCategory[row.category] = row.visits
      }
      return { from: from.toISOString(), to: to.toISOString(), steps }
    },

    /** Visits per step for every UTC day the range touches, empty days included, so a chart's days are evenly spaced. */
    async funnelDaily(client: AuthenticatedClient, from: Date, to: Date): Promise<LinkFunnelDaily> {
      if (to.getTime() <= from.getTime()) throw rangeRefused('to', 'to must be after from')
      const firstDay = Math.floor(from.getTime() / DAY_MS) * DAY_MS
      const dayCount = Math.ceil((to.getTime() - firstDay) / DAY_MS)
      if (dayCount > FUNNEL_DAILY_MAX_DAYS) throw rangeRefused('from', `the range may cover at most ${FUNNEL_DAILY_MAX_DAYS} days; ask for a shorter one`)
      const days = Array.from({ length: dayCount }, (_, index) => ({
        date: new Date(firstDay + index * DAY_MS).toISOString().slice(0, 10),
        visits: Object.fromEntries(FUNNEL_EVENTS.map((event) => [event, 0])) as Record<FunnelEvent, number>,
      }))
      const byDate = new Map(days.map((day) => [day.date, day]))
      for (const row of await repo.countFunnelDaily(db, client.clientId, from, to)) {
        const day = byDate.get(row.day)
        if (day && (FUNNEL_EVENTS as readonly string[]).includes(row.event)) day.visits[row.event as FunnelEvent] = row.visits
      }
      return { from: from.toISOString(), to: to.toISOString(), days }
    },
  }
}

function rangeRefused(field: 'from' | 'to', message: string): AppError {
  return new AppError('validation_failed', { summary: `The request is invalid: ${field}: ${message}` }, [{ itemId: field, message, validatorName: 'custom' }])
}

export type LinkSettingsService = ReturnType<typeof createLinkSettingsService>

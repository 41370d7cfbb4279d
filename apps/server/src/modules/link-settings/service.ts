/**
 * @module Link settings per client (what hosted and embedded Link ask for and say) and the Link
 * funnel: the steps people reach, counted per visit, for the portal's conversion chart.
 */
import { LinkSettings } from '@linkway/contracts'
import type { Tables } from '@linkway/db'
import type { Kysely } from 'kysely'
import type { Clock, IdGenerator } from '../../app-deps.js'
import { AppError } from '../../app-error.js'
import type { AuthenticatedClient } from '../api-keys/index.js'
import * as repo from './repo.js'

export const FUNNEL_EVENTS = ['opened', 'category_chosen', 'platform_chosen', 'consent_given', 'sent_to_platform', 'returned', 'completed', 'left'] as const
export type FunnelEvent = (typeof FUNNEL_EVENTS)[number]

export interface FunnelCounts {
  from: string
  to: string
  steps: Array<{ event: FunnelEvent; visits: number; byPlatform: Record<string, number> }>
}

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

    async funnel(client: AuthenticatedClient, from: Date, to: Date): Promise<FunnelCounts> {
      const rows = await repo.countFunnel(db, client.clientId, from, to)
      const steps = FUNNEL_EVENTS.map((event) => ({ event, visits: 0, byPlatform: {} as Record<string, number> }))
      for (const row of rows) {
        const step = steps.find((candidate) => candidate.event === row.event)
        if (!step) continue
        if (row.is_total === 1) step.visits = row.visits
        else if (row.platform_key !== null) step.byPlatform[row.platform_key] = row.visits
      }
      return { from: from.toISOString(), to: to.toISOString(), steps }
    },
  }
}

export type LinkSettingsService = ReturnType<typeof createLinkSettingsService>

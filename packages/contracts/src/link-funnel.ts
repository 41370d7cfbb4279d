/**
 * @module The Link funnel (Linkway's own): how many Link visits reached each step, in total, per
 * platform, per category and per day. The Portal's conversion page draws these; a client may read
 * them with its API key too.
 */
import { z } from 'zod'
import { wireInstant } from './wire-values.js'

/** The steps a Link visit records, in the order a person meets them; `left` is a person closing the page. */
export const FUNNEL_EVENTS = ['opened', 'category_chosen', 'platform_chosen', 'consent_given', 'sent_to_platform', 'returned', 'completed', 'left'] as const
export type FunnelEvent = (typeof FUNNEL_EVENTS)[number]

/** The longest range the daily series answers: a year and a day, so "this time last year" fits. */
export const FUNNEL_DAILY_MAX_DAYS = 366

export const LinkFunnelQuery = z.object({
  from: wireInstant('from').optional().meta({ description: 'Start (inclusive); default 30 days before `to`.' }),
  to: wireInstant('to').optional().meta({ description: 'End (exclusive); default now.' }),
})
export type LinkFunnelQuery = z.infer<typeof LinkFunnelQuery>

const visitsBy = (what: string) => z.record(z.string(), z.int()).meta({ description: `Visits that reached the step, per ${what} (only those the step names).` })

export const LinkFunnel = z
  .object({
    from: z.string(),
    to: z.string(),
    steps: z.array(z.object({ event: z.enum(FUNNEL_EVENTS), visits: z.int(), byPlatform: visitsBy('platform key'), byCategory: visitsBy('category (accounting, banking, commerce)') })),
  })
  .meta({ id: 'LinkFunnel' })
export type LinkFunnel = z.infer<typeof LinkFunnel>

export const LinkFunnelDaily = z
  .object({
    from: z.string(),
    to: z.string(),
    days: z
      .array(
        z.object({
          date: z.string().meta({ description: 'The day, in UTC: `2026-03-15`.' }),
          visits: z.record(z.enum(FUNNEL_EVENTS), z.int()).meta({ description: 'Visits that reached each step that day (every step, 0 when none).' }),
        }),
      )
      .meta({ description: 'Every UTC day the range touches, oldest first, days without visits included.' }),
  })
  .meta({ id: 'LinkFunnelDaily' })
export type LinkFunnelDaily = z.infer<typeof LinkFunnelDaily>

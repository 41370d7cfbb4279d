/** @module The client's profile: its name, logos, and where Link sends a person afterwards (reference §8.1). */
import { z } from 'zod'
import { canReachOrigin, isReservedPlaceholder, parseHttpUrl, parseRedirectTemplate } from './redirect-template.js'
import { WireString } from './wire-values.js'

const isHttpUrl = (text: string) => parseHttpUrl(text) !== undefined

/** Placeholders are filled at redirect time; with a neutral value in each, the template must be an absolute http(s) URL. */
const isUrlTemplate = (text: string) => text === '' || parseRedirectTemplate(text) !== undefined

const optionalImageUrl = (field: string) =>
  WireString.max(2000).refine((text) => text === '' || isHttpUrl(text), `${field} must be an http(s) URL`).optional()

export const Profile = z
  .object({
    name: z.string(),
    logoUrl: z.string().optional(),
    iconUrl: z.string().optional(),
    redirectUrl: z.string().meta({ description: 'A URL template; `{companyId}`, `{statusCode}` and the other placeholders are filled in. Empty: Linkway shows its own page.' }),
    whiteListUrls: z.array(z.string()),
  })
  .meta({ id: 'Profile' })
export type Profile = z.infer<typeof Profile>

export const ProfileRequest = z
  .object({
    name: WireString.trim().min(1, 'name is required').max(200, 'name must be at most 200 characters'),
    logoUrl: optionalImageUrl('logoUrl'),
    iconUrl: optionalImageUrl('iconUrl'),
    redirectUrl: WireString
      .max(2000, 'redirectUrl must be at most 2000 characters')
      .refine(isUrlTemplate, 'redirectUrl must be an http(s) URL, optionally with {placeholders}'),
    whiteListUrls: z
      .array(WireString.max(2000).refine(isHttpUrl, 'whiteListUrls entries must be absolute http(s) URLs'))
      .max(50, 'at most 50 allowed redirect URLs')
      .optional(),
    apiKey: WireString.optional().meta({ deprecated: true, description: 'Ignored; kept for older clients.' }),
    confirmCompanyName: z.boolean().optional().meta({ deprecated: true, description: 'Ignored; kept for older clients.' }),
  })
  .superRefine(({ redirectUrl, whiteListUrls = [] }, ctx) => {
    // A placeholder in the host lets whoever opens the Link URL choose the host: only the
    // allow-list can make such a template redirect, so one no entry can match is refused now,
    // not at the end of a person's journey. (The redirect checks the resolved URL again.)
    const template = redirectUrl === '' ? undefined : parseRedirectTemplate(redirectUrl)
    if (!template) return
    const refuse = (message: string) => ctx.addIssue({ code: 'custom', path: ['redirectUrl'], message })
    const reserved = template.hostPlaceholders.find(isReservedPlaceholder)
    if (reserved) return refuse(`redirectUrl has the reserved placeholder {${reserved}} in its host; reserved placeholders may appear only in the path, query or fragment`)
    const [placeholder] = template.hostPlaceholders
    if (placeholder !== undefined && !whiteListUrls.some((entry) => canReachOrigin(template, entry))) {
      refuse(`redirectUrl has {${placeholder}} in its host; list the URLs it may lead to in whiteListUrls`)
    }
  })
  .meta({ id: 'ProfileRequest' })
export type ProfileRequest = z.infer<typeof ProfileRequest>

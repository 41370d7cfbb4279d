/** @module The client's profile: its name, logos, and where Link sends a person afterwards (reference §8.1). */
import { z } from 'zod'
import { WireString } from './wire-values.js'

/** Placeholders are filled at redirect time; what remains must be an http(s) URL. */
function isUrlTemplate(text: string): boolean {
  if (text === '') return true
  try {
    const url = new URL(text.replace(/\{[^{}]*\}/g, 'placeholder'))
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}

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
  .meta({ id: 'ProfileRequest' })
export type ProfileRequest = z.infer<typeof ProfileRequest>

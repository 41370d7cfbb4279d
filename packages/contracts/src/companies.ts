/** @module Companies: one per customer of the client, each with its hosted Link URL. */
import { z } from 'zod'
import { Connection } from './connections.js'
import { PagingQuery, pagedResults } from './paging.js'
import { refusedTextReason, WireString } from './wire-values.js'

export const COMPANY_TAGS_MAX = 10

/** Keys 1–27 characters, values up to 100, at most ten. */
export const CompanyTags = z
  .record(WireString, WireString.max(100, 'Tag values must be at most 100 characters'))
  .superRefine((tags, ctx) => {
    const keys = Object.keys(tags)
    if (keys.length > COMPANY_TAGS_MAX) ctx.addIssue({ code: 'custom', message: `A company can have at most ${COMPANY_TAGS_MAX} tags` })
    for (const key of keys) {
      if (key.length < 1 || key.length > 27) ctx.addIssue({ code: 'custom', path: [key], message: 'Tag keys must be 1 to 27 characters' })
    }
  })
  .meta({
    description: 'Your own key/value pairs (e.g. your customer id, region). Up to 10; keys 1–27 characters; values up to 100.',
    propertyNames: { minLength: 1, maxLength: 27 },
    maxProperties: COMPANY_TAGS_MAX,
    example: { region: 'uk', uid: 'cust-0042' },
  })

/**
 * A control character other than whitespace (tab, line feed, CR, VT, FF, which the reference's
 * `\s` allows and a name collapses to a space): C0 (NUL included), DEL and C1. Refused rather than
 * removed, because a name carrying one is almost certainly a bug in the caller, not a typo.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/

/** Why a company name is refused outright (the rest is normalised, not refused), or undefined. */
export function refusedCompanyNameReason(name: string): string | undefined {
  const textReason = refusedTextReason(name)
  if (textReason) return textReason
  if (CONTROL_CHARACTER.test(name)) return 'must not contain control characters (U+0000–U+001F other than whitespace, U+007F–U+009F)'
  return undefined
}

// The reference's pattern (`^[A-Za-z0-9\s\-',&@.,?!\s]+$`) says letters and digits; its
// characters outside the set are removed rather than refused. Linkway reads "letters and digits"
// as Unicode's, so "Société Générale" and "株式会社テスト" are kept as given (normalizeCompanyName).
const companyName = z
  .string()
  .min(1, 'name is required')
  .max(255, 'name must be at most 255 characters')
  .superRefine((name, context) => {
    const reason = refusedCompanyNameReason(name)
    if (reason) context.addIssue({ code: 'custom', message: reason })
  })
  .meta({
    description:
      "The company's name; we recommend your own id for the customer. Letters and digits of any script, spaces and - ' , & @ . ? ! are kept; other characters (brackets, symbols, emoji) are removed. Control characters are refused.",
    example: 'Toft stores',
  })

export const CompanyRequestBody = z
  .object({
    name: companyName,
    description: WireString.max(4000).optional().meta({ description: 'Free text: foreign ids, references, notes.' }),
    tags: CompanyTags.optional(),
  })
  .meta({ id: 'CompanyRequestBody' })
export type CompanyRequestBody = z.infer<typeof CompanyRequestBody>

export const CompanyUpdateRequest = z
  .object({
    name: companyName.nullable().optional(),
    description: WireString.max(4000).nullable().optional(),
    /** `null` or `{}` removes every tag, as the reference API does. */
    tags: CompanyTags.nullable().optional(),
  })
  .meta({ id: 'CompanyUpdateRequest' })
export type CompanyUpdateRequest = z.infer<typeof CompanyUpdateRequest>

export const CompanyParams = z.object({
  companyId: z.uuid({ error: 'companyId must be a GUID' }).meta({ description: 'The company id.' }),
})

export const Company = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().optional(),
    platform: z.string().meta({ deprecated: true, description: 'Always empty; kept for older clients.' }),
    redirect: z.string().meta({ description: 'The hosted Link URL to send the company to.' }),
    lastSync: z.string().optional(),
    created: z.string(),
    createdByUserName: z.string().nullable(),
    products: z.array(z.string()),
    tags: z.record(z.string(), z.string()),
    referenceSubsidiaryCompanies: z.array(z.object({ id: z.uuid(), name: z.string() })),
    dataConnections: z.array(Connection),
  })
  .meta({ id: 'Company' })
export type Company = z.infer<typeof Company>

export const Companies = pagedResults(Company, 'Companies')
export type Companies = z.infer<typeof Companies>

export const ListCompaniesQuery = PagingQuery.extend({
  // Parsed by the query language, which refuses NUL and unpaired surrogates in the reference's words.
  tags: z
    .string()
    .optional()
    .meta({ description: 'Filter on tags with =, != and ~, e.g. `region=uk && team=invoice-finance`.' }),
})

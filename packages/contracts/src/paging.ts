/** @module Paging, filtering and ordering parameters, and the paged envelope every list returns. */
import { z } from 'zod'

export const PAGE_SIZE_DEFAULT = 100
export const PAGE_SIZE_MAX = 5000
export const QUERY_MAX_LENGTH = 2048

/** The highest `page`: beyond it the row offset would overflow the database's bigint at the largest page size. */
export const PAGE_MAX = 1_000_000_000

/** Digits, with a minus sign or not: the only text a query-string integer may be. */
export const WHOLE_NUMBER_TEXT = /^-?\d+$/

/**
 * The number that `WHOLE_NUMBER_TEXT` text stands for, held within the safe integers: one with more
 * digits than a double keeps exactly is still a whole number, only out of every range, so its
 * bound check fails and the message names the range rather than calling it "not a whole number".
 */
export function wholeNumberOf(text: string): number {
  return Math.min(Math.max(Number(text), Number.MIN_SAFE_INTEGER), Number.MAX_SAFE_INTEGER)
}

/**
 * Query-string integers arrive as text; anything but a plain positive integer is a 400. Only
 * digits are read as a number (so `1e3`, ` 12`, `0x10` and `12.0` are refused), and the check is
 * on the number, so the OpenAPI document says `integer` with its bounds, as the reference's does.
 */
export const positiveInteger = (field: string, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && WHOLE_NUMBER_TEXT.test(value) ? wholeNumberOf(value) : value),
    z
      .int({ error: `${field} must be a whole number` })
      .min(1, `${field} must be at least 1`)
      .max(max, `${field} must be at most ${max}`),
  )

export const PagingQuery = z.object({
  page: positiveInteger('page', PAGE_MAX).optional().default(1).meta({ description: 'Page number, from 1.' }),
  pageSize: positiveInteger('pageSize', PAGE_SIZE_MAX)
    .optional()
    .default(PAGE_SIZE_DEFAULT)
    .meta({ description: `Results per page, 1 to ${PAGE_SIZE_MAX}.` }),
  // Not WireString: the query language refuses NUL and unpaired surrogates itself, in the
  // reference's words (`Error parsing query - Malformed query.`).
  query: z.string().optional().meta({ description: 'A filter in the query language, e.g. `name~acme && created>2024-01-01`.' }),
  orderBy: z.string().optional().meta({ description: 'One property to order by; prefix `-` for descending, e.g. `-created`.' }),
})
export type PagingQuery = z.infer<typeof PagingQuery>

export const HalRef = z.object({ href: z.string() }).meta({ id: 'HalRef' })

export const PagingLinks = z
  .object({
    self: HalRef,
    current: HalRef,
    next: HalRef.optional(),
    previous: HalRef.optional(),
  })
  .meta({ id: 'Links' })
export type PagingLinks = z.infer<typeof PagingLinks>

/** The envelope: `results` plus where this page sits among all that matched. */
export function pagedResults<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      results: z.array(item),
      pageNumber: z.int(),
      pageSize: z
        .int()
        .min(1)
        .max(PAGE_SIZE_MAX)
        .meta({ description: `The page size asked for (1 to ${PAGE_SIZE_MAX}). The reference's PagingInfo says at most 2000, its parameter 5000: Linkway echoes what was asked (docs/api.md, "Paging").` }),
      totalResults: z.int(),
      _links: PagingLinks,
    })
    .meta({ id })
}

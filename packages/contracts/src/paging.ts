/** @module Paging, filtering and ordering parameters, and the paged envelope every list returns. */
import { z } from 'zod'

export const PAGE_SIZE_DEFAULT = 100
export const PAGE_SIZE_MAX = 5000
export const QUERY_MAX_LENGTH = 2048

/** Query-string integers arrive as text; anything but a plain positive integer is a 400. */
const positiveInteger = (field: string, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${field} must be a whole number`)
    .transform(Number)
    .pipe(z.int().min(1, `${field} must be at least 1`).max(max, `${field} must be at most ${max}`))

export const PagingQuery = z.object({
  page: positiveInteger('page', 1_000_000_000).optional().default(1).meta({ description: 'Page number, from 1.' }),
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
      pageSize: z.int(),
      totalResults: z.int(),
      _links: PagingLinks,
    })
    .meta({ id })
}

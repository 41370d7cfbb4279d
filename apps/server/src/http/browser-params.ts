/**
 * @module Path parameters of the pages a person's browser opens (Link, hosted Link, the invite
 * page). They are parsed with zod like the API's, but a value that does not parse is the page's
 * own "not found", not the API's JSON 400: a mistyped link is a missing page to a person.
 */
import { z } from 'zod'

/** Any 8-4-4-4-12 hex id: what our ids look like (`z.guid`, not the stricter RFC 9562 `z.uuid`). */
export const Guid = z.guid()

export const CompanyPageParams = z.object({ companyId: Guid })
export const ClientPageParams = z.object({ clientId: Guid })
export const ConnectionPageParams = z.object({ companyId: Guid, connectionId: Guid })
export const LinkSessionPageParams = z.object({ sessionId: Guid })

/** The parsed params, or undefined when they do not parse (the route answers its not-found page). */
export function parsePageParams<S extends z.ZodType>(schema: S, params: unknown): z.infer<S> | undefined {
  const parsed = schema.safeParse(params)
  return parsed.success ? parsed.data : undefined
}

/** Whether `value` is one of our ids (a query parameter such as `link.visit`). */
export function isGuid(value: string | undefined): value is string {
  return value !== undefined && Guid.safeParse(value).success
}

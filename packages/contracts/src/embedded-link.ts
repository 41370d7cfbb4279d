/**
 * @module Embedded Link's server-side contracts (reference §10.3): the company access token a
 * client's server fetches for the Link component on its own page, and the CORS allow-list of the
 * origins that page may be served from. docs/embedded-link.md.
 */
import { z } from 'zod'
import { WireString } from './wire-values.js'

/** How long a company access token is valid: one day, as the reference's. */
export const COMPANY_ACCESS_TOKEN_TTL_SECONDS = 86_400

export const CompanyAccessToken = z
  .object({
    accessToken: z.string().meta({ description: 'The token for the Link component on your page; pass it as its `accessToken`. It reaches the Link API for this company only, never the API.' }),
    expiresIn: z.int().meta({ description: 'Seconds until it expires.', example: COMPANY_ACCESS_TOKEN_TTL_SECONDS }),
    tokenType: z.literal('Bearer'),
  })
  .meta({ id: 'CompanyAccessToken' })
export type CompanyAccessToken = z.infer<typeof CompanyAccessToken>

/** The most origins a client may list. */
export const ALLOWED_ORIGINS_MAX = 50

export const AllowedOrigins = z
  .object({
    allowedOrigins: z.array(z.string()).meta({ description: 'Origins (`https://host[:port]`) whose pages may call the Link API from the browser; stored normalised.' }),
  })
  .meta({ id: 'ConnectionManagementAllowedOrigins' })
export type AllowedOrigins = z.infer<typeof AllowedOrigins>

/**
 * The list to store. Each entry's rules (an http(s) origin, nothing after the host and port) are
 * the cors-settings service's, which names the entry it refuses; here only what bounds the work.
 */
export const AllowedOriginsRequest = z
  .object({
    allowedOrigins: z
      .array(WireString.max(2000, 'an origin is at most 2000 characters'))
      // Duplicates are collapsed before ALLOWED_ORIGINS_MAX is counted; this only bounds the work.
      .max(ALLOWED_ORIGINS_MAX * 4, `at most ${ALLOWED_ORIGINS_MAX} origins`),
  })
  .meta({ id: 'ConnectionManagementAllowedOriginsRequest' })
export type AllowedOriginsRequest = z.infer<typeof AllowedOriginsRequest>

/** @module Integrations: the platforms a company can connect, their branding, and a client's credentials for each (reference §5). */
// The catalogue declares which features exist; the wire names them the same way.
import { FEATURE_STATES, FEATURE_TYPES } from '@linkway/connectors'
import { z } from 'zod'
import { SourceType } from './connections.js'
import { PagingQuery, pagedResults } from './paging.js'
import { WireString } from './wire-values.js'

/** The reference's responses spell `datatype`; its generated SDK reads `dataType`. Both are sent. */
export const DatatypeFeature = z
  .object({
    datatype: z.string(),
    dataType: z.string(),
    supportedFeatures: z.array(z.object({ featureType: z.enum(FEATURE_TYPES), featureState: z.enum(FEATURE_STATES) })),
  })
  .meta({ id: 'DataTypeFeature' })

export const DeviceNotes = z
  .object({
    desktopOnly: z.boolean(),
    needsInstall: z.boolean(),
    notMobileOptimised: z.boolean(),
    note: z.string().optional(),
  })
  .meta({ id: 'DeviceNotes', description: 'Linkway addition: what a person should know before choosing this platform.' })

export const Integration = z
  .object({
    key: z.string(),
    logoUrl: z.string(),
    name: z.string(),
    enabled: z.boolean().meta({ description: 'Whether this client can link it: sandboxes always, other platforms once their credentials are set and enabled.' }),
    sourceId: z.uuid(),
    sourceType: SourceType,
    integrationId: z.uuid(),
    isOfflineConnector: z.boolean(),
    isBeta: z.boolean(),
    dataProvidedBy: z.string(),
    datatypeFeatures: z.array(DatatypeFeature),
    supportedEnvironments: z.enum(['SandboxOnly', 'LiveAndSandbox']).meta({ description: 'Kept for older clients.' }),
    isSandbox: z.boolean().meta({ description: 'Linkway addition: one of the built-in sandbox platforms.' }),
    device: DeviceNotes,
  })
  .meta({ id: 'Integration' })
export type Integration = z.infer<typeof Integration>

export const Integrations = pagedResults(Integration, 'Integrations')
export type Integrations = z.infer<typeof Integrations>
export const ListIntegrationsQuery = PagingQuery

export const IntegrationParams = z.object({
  platformKey: z.string().regex(/^[a-z]{4}$/, 'platformKey must be 4 lowercase letters, e.g. gbol').meta({ description: "The integration's 4-letter key." }),
})

const image = z.object({ image: z.object({ src: z.string(), alt: z.string() }) })
export const Branding = z
  .object({
    logo: z.object({ full: image, square: image }),
    button: z.object({ default: image, hover: image }),
    sourceId: z.uuid(),
  })
  .meta({ id: 'Branding' })
export type Branding = z.infer<typeof Branding>

export const PlatformCredentialsRequest = z
  .object({
    clientId: WireString.trim().min(1, 'clientId is required').max(500, 'clientId must be at most 500 characters'),
    clientSecret: WireString.min(1, 'clientSecret is required').max(4000, 'clientSecret must be at most 4000 characters'),
    enabled: z.boolean().optional().default(true),
  })
  .meta({ id: 'PlatformCredentialsRequest', description: "Your OAuth app's credentials at this platform. The secret is stored encrypted and never returned." })
export type PlatformCredentialsRequest = z.infer<typeof PlatformCredentialsRequest>

export const PlatformCredentialsUpdate = z
  .object({
    clientId: WireString.trim().min(1, 'clientId must not be empty').max(500, 'clientId must be at most 500 characters').optional(),
    clientSecret: WireString.min(1, 'clientSecret must not be empty').max(4000, 'clientSecret must be at most 4000 characters').optional(),
    enabled: z.boolean().optional(),
  })
  .refine((body) => body.clientId !== undefined || body.clientSecret !== undefined || body.enabled !== undefined, 'give at least one of clientId, clientSecret, enabled')
  .meta({ id: 'PlatformCredentialsUpdate', description: 'Changes part of credentials already set; what is left out stays (a secret left out is kept, never read back).' })
export type PlatformCredentialsUpdate = z.infer<typeof PlatformCredentialsUpdate>

export const PlatformCredentials = z
  .object({
    platformKey: z.string(),
    clientId: z.string(),
    hasClientSecret: z.literal(true),
    enabled: z.boolean(),
    redirectUri: z.string().meta({ description: 'Register this exact URL as the redirect URI of your app at the platform.' }),
    updated: z.string(),
  })
  .meta({ id: 'PlatformCredentials' })
export type PlatformCredentials = z.infer<typeof PlatformCredentials>

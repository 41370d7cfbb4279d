/**
 * @module Integrations: the catalogue as each client sees it (enabled or not), paged, filtered and
 * ordered in memory (the catalogue is small and in memory), with its branding. A client's answers
 * are cached, serialised, until its credentials change here or, on another process, for 5 seconds.
 */
import type { Branding, Integration, PagingLinks } from '@linkway/contracts'
import { renderBrandSvg, type Catalogue, type Connector, type LogoVariant } from '@linkway/connectors'
import { evaluateQueryInMemory, trimmedOrderBy, type InMemoryValue, type PropertyType } from './integration-query.js'
import type { Clock } from '../../app-deps.js'
import { AppError } from '../../app-error.js'
import { pagingLinks } from '../../http/paging.js'
import type { AuthenticatedClient } from '../api-keys/index.js'

/** How long a process trusts its cached view of a client's enabled platforms (another process may change them). */
export const INTEGRATIONS_CACHE_MS = 5_000
/** Cached pages per client: the few queries a Link screen asks, not every page of every filter. */
const PAGES_PER_CLIENT = 32

export interface IntegrationsServiceDeps {
  catalogue: Catalogue
  clock: Clock
  publicUrl: string
  enabledPlatformKeys(clientId: string): Promise<Set<string>>
  /** Whether the sandbox platforms are running (their connectors are then enabled for every client). */
  hasSandbox: boolean
}

export interface IntegrationListRequest {
  page: number
  pageSize: number
  query?: string | undefined
  orderBy?: string | undefined
}

const PROPERTY_TYPES: Record<string, PropertyType> = {
  key: 'string',
  name: 'string',
  sourceType: { enum: ['Accounting', 'Banking', 'BankFeed', 'Commerce', 'Expense', 'Other', 'Unknown'] },
  enabled: 'boolean',
  isOfflineConnector: 'boolean',
  isBeta: 'boolean',
  isSandbox: 'boolean',
  integrationId: 'uuid',
  sourceId: 'uuid',
  dataProvidedBy: 'string',
}
const SORTABLE = new Set(['key', 'name', 'sourceType'])
const BY_LOWER_NAME = new Map(Object.keys(PROPERTY_TYPES).map((name) => [name.toLowerCase(), name]))

function propertyName(path: string): string | undefined {
  return Object.hasOwn(PROPERTY_TYPES, path) ? path : BY_LOWER_NAME.get(path.toLowerCase())
}

export function assetUrl(publicUrl: string, key: string, variant: LogoVariant): string {
  return `${publicUrl}/assets/integrations/${key}/${variant}.svg`
}

interface ClientView {
  expiresAt: number
  integrations: Integration[]
  /** UTF-8 bytes, not strings: a string (UTF-16 as soon as a name holds a ’) would be measured and encoded again for every response. */
  pages: Map<string, Buffer>
}

export function createIntegrationsService(deps: IntegrationsServiceDeps) {
  const { catalogue, clock, publicUrl } = deps
  const views = new Map<string, ClientView>()

  function toWire(connector: Connector, enabled: boolean): Integration {
    return {
      key: connector.key,
      logoUrl: assetUrl(publicUrl, connector.key, 'square'),
      name: connector.name,
      enabled,
      sourceId: connector.sourceId,
      sourceType: connector.sourceType,
      integrationId: connector.integrationId,
      isOfflineConnector: connector.isOfflineConnector,
      isBeta: connector.isBeta,
      dataProvidedBy: connector.dataProvidedBy,
      datatypeFeatures: connector.datatypeFeatures.map((feature) => ({ datatype: feature.datatype, dataType: feature.datatype, supportedFeatures: [...feature.supportedFeatures] })),
      supportedEnvironments: connector.isSandbox ? 'SandboxOnly' : 'LiveAndSandbox',
      isSandbox: connector.isSandbox,
      device: { ...connector.device },
    }
  }

  function isEnabled(connector: Connector, enabledKeys: Set<string>): boolean {
    if (connector.isOfflineConnector || connector.auth.kind !== 'oauth2') return false
    return connector.isSandbox ? deps.hasSandbox : enabledKeys.has(connector.key)
  }

  async function viewOf(clientId: string): Promise<ClientView> {
    const now = clock.now().getTime()
    const cached = views.get(clientId)
    if (cached && cached.expiresAt > now) return cached
    const enabledKeys = await deps.enabledPlatformKeys(clientId)
    const view: ClientView = {
      expiresAt: now + INTEGRATIONS_CACHE_MS,
      integrations: catalogue.connectors.map((connector) => toWire(connector, isEnabled(connector, enabledKeys))),
      pages: new Map(),
    }
    views.set(clientId, view)
    return view
  }

  function filterAndOrder(integrations: Integration[], request: IntegrationListRequest): Integration[] {
    let matching = integrations
    if (request.query !== undefined) {
      const query = request.query
      const typeOf = (path: string) => {
        const name = propertyName(path)
        return name ? PROPERTY_TYPES[name] : undefined
      }
      matching = integrations.filter((integration) =>
        evaluateQueryInMemory(query, (path) => integration[propertyName(path) as keyof Integration] as InMemoryValue, typeOf, { resourceName: 'Integration' }),
      )
    }
    const order = trimmedOrderBy(request.orderBy)
    if (!order) return matching
    const name = propertyName(order.name)
    if (!name || !SORTABLE.has(name)) throw new AppError('query_invalid', { message: `Error parsing orderBy - Could not resolve property ${order.name} on Integration` })
    const field = name as 'key' | 'name' | 'sourceType'
    const sorted = [...matching].sort((a, b) => a[field].localeCompare(b[field]))
    return order.isDescending ? sorted.reverse() : sorted
  }

  return {
    /** The page as JSON, encoded as UTF-8 and ready to send: a repeated request costs a map lookup. */
    async listSerialized(client: AuthenticatedClient, request: IntegrationListRequest): Promise<Buffer> {
      const view = await viewOf(client.clientId)
      const cacheKey = JSON.stringify([request.page, request.pageSize, request.query ?? null, request.orderBy ?? null])
      const cached = view.pages.get(cacheKey)
      if (cached !== undefined) return cached
      const matching = filterAndOrder(view.integrations, request)
      const start = (request.page - 1) * request.pageSize
      const links: PagingLinks = pagingLinks('/integrations', { page: request.page, pageSize: request.pageSize, carried: { query: request.query, orderBy: request.orderBy } }, matching.length)
      const body = Buffer.from(
        JSON.stringify({
          results: matching.slice(start, start + request.pageSize),
          pageNumber: request.page,
          pageSize: request.pageSize,
          totalResults: matching.length,
          _links: links,
        }),
      )
      if (view.pages.size >= PAGES_PER_CLIENT) view.pages.delete(view.pages.keys().next().value!)
      view.pages.set(cacheKey, body)
      return body
    },

    /** What this client's Link may offer: enabled integrations, in display order. */
    async enabledIntegrations(clientId: string): Promise<Integration[]> {
      return (await viewOf(clientId)).integrations.filter((integration) => integration.enabled)
    },

    async get(client: AuthenticatedClient, platformKey: string): Promise<Integration> {
      const view = await viewOf(client.clientId)
      const integration = view.integrations.find((candidate) => candidate.key === platformKey)
      if (!integration) throw new AppError('integration_not_found', { platformKey })
      return integration
    },

    branding(platformKey: string): Branding {
      const connector = catalogue.get(platformKey)
      if (!connector) throw new AppError('integration_not_found', { platformKey })
      const image = (variant: LogoVariant, alt: string) => ({ image: { src: assetUrl(publicUrl, connector.key, variant), alt } })
      return {
        logo: { full: image('full', `${connector.name} logo`), square: image('square', `${connector.name} logo`) },
        button: { default: image('button', `Connect to ${connector.name}`), hover: image('button-hover', `Connect to ${connector.name}`) },
        sourceId: connector.sourceId,
      }
    },

    /** An SVG asset, or undefined for an unknown key or variant. */
    asset(platformKey: string, variant: string): string | undefined {
      const connector = catalogue.get(platformKey)
      if (!connector || !['square', 'full', 'button', 'button-hover'].includes(variant)) return undefined
      return renderBrandSvg(connector, variant as LogoVariant)
    },

    /** Drops this process's cached view of a client (its credentials changed). */
    forget(clientId: string): void {
      views.delete(clientId)
    },
  }
}

export type IntegrationsService = ReturnType<typeof createIntegrationsService>

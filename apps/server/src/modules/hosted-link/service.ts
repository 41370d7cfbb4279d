/**
 * @module Hosted Link's server side: what the Link component needs to draw a company's journey
 * (settings, the platforms it may offer, the company's connections), the connection it starts,
 * disconnecting, funnel events, and Complete. The company's hosted URL is the credential, as
 * with the reference's hosted Link: whoever holds it can connect that company's platforms.
 */
import { LINK_CATEGORIES, LINK_PREVIEW_COMPANY_ID, type FileUploadCategory, type FileUploadLimits, type GivenConsent, type Integration, type LinkCategory, type LinkConnection, type LinkIntegration, type LinkSessionView, type LinkSettings, type ResolvedLinkSettings, type SignedConsentReceipt, withConsentDataTypes } from '@linkway/contracts'
import { consentPlatformName, renderConsentTexts } from '@linkway/link-ui/consent-texts'
import type { Clock, IdGenerator } from '../../app-deps.js'
import { AppError } from '../../app-error.js'
import type { CompaniesService } from '../companies/index.js'
import type { CompanyTokensService } from '../company-tokens/index.js'
import type { CorsSettingsService } from '../cors-settings/index.js'
import { canonicalJson, type ConsentReceiptsService } from '../consent-receipts/index.js'
import type { ClientsService } from '../clients/index.js'
import type { CompanyReferenceRow, ConnectionsService } from '../connections/index.js'
import type { IntegrationsService } from '../integrations/index.js'
import type { LinkSettingsService, FunnelEvent } from '../link-settings/index.js'
import { chooseLanguage, type LinkLanguage, type LinkResult, type LinkService, type OneTimeLinks } from '../link/index.js'
import type { ProfileService } from '../profile/index.js'
import type { SyncSettingsService } from '../sync/index.js'

export type { LinkLanguage }

/** The client as its pages show it. */
export interface PageBrand {
  name: string
  logoUrl?: string
}

/** The same choice as the Link flow's pages (`lang`, then Accept-Language, then English). */
export { chooseLanguage }

/** The company a preview of Link settings shows. */
const PREVIEW_COMPANY_NAME = 'Example Company Ltd'

const SOURCE_TYPE_OF: Record<LinkCategory, LinkIntegration['sourceType'] & Integration['sourceType']> = { accounting: 'Accounting', banking: 'Banking', commerce: 'Commerce' }

/** Whether any enabled category lets the person upload files instead of connecting. */
function isFileUploadOffered(settings: Pick<LinkSettings, 'categories'>): boolean {
  const { accounting, banking, businessDocuments } = settings.categories
  return (accounting.enabled && accounting.enableFileUpload) || (banking.enabled && banking.enableFileUpload) || businessDocuments.enabled
}

export interface HostedLinkDeps {
  clients: Pick<ClientsService, 'nameOf'>
  clock: Clock
  ids: IdGenerator
  publicUrl: string
  companies: CompaniesService
  connections: ConnectionsService
  integrations: IntegrationsService
  linkSettings: LinkSettingsService
  /** What a company's syncs read: its consent screen lists that unless the Link settings word it. */
  syncSettings: Pick<SyncSettingsService, 'dataTypesReadFor'>
  profile: ProfileService
  link: LinkService
  oneTimeLinks: OneTimeLinks
  consentReceipts: Pick<ConsentReceiptsService, 'record' | 'get'>
  /** The file upload limits (config), shown to the person where a category enables upload. */
  fileUploadLimits?: FileUploadLimits
  /** The categories a company has sent files for (the files module). */
  filesSentFor?: (clientId: string, companyId: string) => Promise<FileUploadCategory[]>
  /** Embedded Link's credential for one company (docs/embedded-link.md). */
  companyTokens: Pick<CompanyTokensService, 'verify'>
  /** The origins whose pages may call the Link API from the browser. */
  corsSettings: Pick<CorsSettingsService, 'isAllowed'>
}

export function createHostedLinkService(deps: HostedLinkDeps) {
  const { ids, publicUrl, companies, clients, connections, integrations, linkSettings, link } = deps

  async function requireCompany(companyId: string): Promise<CompanyReferenceRow> {
    const company = await companies.findForLink(companyId)
    if (!company) throw new AppError('company_not_found', { companyId })
    return company
  }

  /** The client acting here is the company's own; the API's rules (one accounting connection…) hold as for an API call. */
  const actingClient = (company: CompanyReferenceRow) => ({ clientId: company.client_id, apiKeyId: 'hosted-link' })

  /** The client's name and logo as the Link component shows them (Link settings' logo, else the profile's). */
  async function brandOf(clientId: string): Promise<PageBrand> {
    const [settings, profile, clientName] = await Promise.all([linkSettings.forClient(clientId), deps.profile.get({ clientId, apiKeyId: 'hosted-link' }), clients.nameOf(clientId)])
    const logoUrl = settings.branding.logoUrl || profile.logoUrl
    return { name: profile.name || clientName || '', ...(logoUrl ? { logoUrl } : {}) }
  }

  async function companyConnections(company: CompanyReferenceRow) {
    return (await connections.wireConnectionsOf(company.client_id, [company.id])).get(company.id) ?? []
  }

  /**
   * What a visit linked: of the connections its trips to a platform came back for (the link
   * sessions carry the visit), the company's that are Linked now, in the order they were made.
   */
  async function linkedInVisit(company: CompanyReferenceRow, existing: Awaited<ReturnType<typeof companyConnections>>, visitId: string | undefined) {
    if (!visitId) return []
    const ids = new Set(await link.connectionIdsOfVisit(company.client_id, visitId))
    return existing.filter((connection) => ids.has(connection.id) && connection.status === 'Linked')
  }

  /**
   * The consent the person gave, if its texts are exactly what this company's consent screen shows
   * for that platform in that language (the same rendering the Link component runs); else 400.
   */
  async function checkConsent(company: CompanyReferenceRow, platformKey: string, sourceType: string | undefined, given: GivenConsent) {
    const category = LINK_CATEGORIES.find((candidate) => SOURCE_TYPE_OF[candidate] === sourceType)
    if (!category) throw new AppError('consent_texts_mismatch')
    // Sandboxes included whatever the visit's setting: the platform's name must be found when it is offered at all.
    const view = await service.session(company.id, { lang: given.lang, showSandboxIntegrations: true })
    const texts = renderConsentTexts({ session: view, lang: given.lang, category, platformKey })
    if (canonicalJson(texts) !== canonicalJson(given.texts)) throw new AppError('consent_texts_mismatch')
    return {
      client: { id: company.client_id, name: view.client.name },
      platform: { key: platformKey, name: consentPlatformName(view, category, platformKey), sourceType: sourceType! },
      category,
      language: given.lang,
      dataTypes: [...view.settings.dataTypes[category]],
      texts,
    }
  }

  async function hasConsentReceipt(company: CompanyReferenceRow, connectionId: string): Promise<boolean> {
    try {
      await deps.consentReceipts.get({ clientId: company.client_id }, company.id, connectionId)
      return true
    } catch (error) {
      if (error instanceof AppError && error.code === 'consent_not_found') return false
      throw error
    }
  }

  /**
   * The settings as the company's pages draw them: a category's consent list is the Link settings'
   * own where the client wrote one, else what the company's syncs read (`companyId` left out: a new
   * company's, for the preview). What it lists is all the connection may read (the sync module
   * keeps reads within the consent receipt).
   */
  async function resolved(clientId: string, companyId: string | undefined, settings: LinkSettings): Promise<ResolvedLinkSettings> {
    const { accounting, banking, commerce } = settings.dataTypes
    if (accounting && banking && commerce) return withConsentDataTypes(settings, { accounting, banking, commerce })
    return withConsentDataTypes(settings, await deps.syncSettings.dataTypesReadFor(clientId, companyId))
  }

  /** The client's name and logo, the settings, and the enabled categories with the platforms each offers. */
  async function shownTo(clientId: string, companyId: string | undefined, settings: LinkSettings, showSandboxes: boolean): Promise<Pick<LinkSessionView, 'client' | 'settings' | 'categories'>> {
    const [profile, offered, clientName, shownSettings] = await Promise.all([deps.profile.get({ clientId, apiKeyId: 'hosted-link' }), integrations.enabledIntegrations(clientId), clients.nameOf(clientId), resolved(clientId, companyId, settings)])
    const categories = LINK_CATEGORIES.filter((category) => settings.categories[category].enabled).map((category) => ({
      category,
      optional: settings.categories[category].optional,
      integrations: offered
        .filter((integration) => integration.sourceType === SOURCE_TYPE_OF[category] && (showSandboxes || !integration.isSandbox))
        .map(({ key, integrationId, sourceId, name, logoUrl, isSandbox, device }): LinkIntegration => ({ key, integrationId, sourceId, name, sourceType: SOURCE_TYPE_OF[category], logoUrl, isSandbox, device })),
    }))
    const logoUrl = settings.branding.logoUrl || profile.logoUrl
    return { client: { name: profile.name || clientName || '', ...(logoUrl ? { logoUrl } : {}) }, settings: shownSettings, categories }
  }

  const service = {
    /**
     * Whether this browser may open the company's hosted Link. Always, unless the client has
     * one-time Link URLs on: then a good unused `link.otp` (which leaves a cookie) or that cookie.
     * `isOneTime`: allowed by that cookie, which runs out a day after the link was first opened,
     * so reloading the page later leads to "already used" rather than back to it.
     */
    async access(companyId: string, otp: string | undefined, cookieHeader: string | undefined, isSecure: boolean): Promise<{ isAllowed: boolean; setCookie?: string; isOneTime?: boolean }> {
      const company = await companies.findForLink(companyId)
      // Nothing to protect: the route itself answers 404.
      if (!company) return { isAllowed: true }
      if (!(await linkSettings.isOneTimeLinks(company.client_id))) return { isAllowed: true }
      if (deps.oneTimeLinks.hasCookieFor(cookieHeader, companyId)) return { isAllowed: true, isOneTime: true }
      if (await deps.oneTimeLinks.use(otp, companyId)) return { isAllowed: true, setCookie: deps.oneTimeLinks.cookieFor(companyId, isSecure), isOneTime: true }
      return { isAllowed: false }
    },

    /** Whether a page at `origin` may call this company's Link API from the browser (its client's CORS settings). */
    async isOriginAllowed(companyId: string, origin: string): Promise<boolean> {
      const company = await companies.findForLink(companyId)
      return company !== undefined && (await deps.corsSettings.isAllowed(company.client_id, origin))
    },

    /**
     * Embedded Link's callers (docs/embedded-link.md, "Who may call the Link API"): one with a
     * company access token for this company, from an allowed origin when it is another site's page
     * (b); or one without, from an allowed origin, unless the client's settings want a token or
     * one-time Link URLs are on (c). Throws the refusal; returns when the call may go on.
     * `origin` is the caller's `Origin` when it is another site's, else undefined.
     */
    async authorizeEmbedded(companyId: string, caller: { token?: string; origin?: string }): Promise<void> {
      if (caller.token !== undefined) {
        const verdict = await deps.companyTokens.verify(caller.token, companyId)
        if (verdict === 'invalid') throw new AppError('company_token_invalid')
        if (verdict === 'expired') throw new AppError('company_token_expired')
        if (verdict === 'wrong_company') throw new AppError('company_token_wrong_company')
        if (caller.origin !== undefined && !(await deps.corsSettings.isAllowed(verdict.clientId, caller.origin))) throw new AppError('link_origin_refused', { origin: caller.origin })
        return
      }
      const company = await companies.findForLink(companyId)
      // Nothing to protect: the route itself answers 404.
      if (!company) return
      if (caller.origin === undefined || !(await deps.corsSettings.isAllowed(company.client_id, caller.origin))) throw new AppError('link_origin_refused', { origin: caller.origin ?? '(none)' })
      const settings = await linkSettings.forClient(company.client_id)
      if (settings.embeddedLinkRequiresToken) throw new AppError('company_token_required', { reason: 'this client’s Link settings ask for one (embeddedLinkRequiresToken)' })
      if (settings.oneTimeLinks) throw new AppError('company_token_required', { reason: 'one-time Link URLs are on for this client, so the company id alone is not enough' })
    },

    /** A new visit of the hosted page: its link sessions carry it, so Complete knows what this visit linked. */
    newVisitId(): string {
      return ids.uuid()
    },

    async session(companyId: string, options: { lang: LinkLanguage; showSandboxIntegrations?: boolean | undefined; visitId?: string }): Promise<LinkSessionView> {
      const company = await requireCompany(companyId)
      const [settings, existing] = await Promise.all([linkSettings.forClient(company.client_id), companyConnections(company)])
      const shown = await shownTo(company.client_id, company.id, settings, options.showSandboxIntegrations ?? settings.showSandboxIntegrations)
      const visitConnections = await linkedInVisit(company, existing, options.visitId)
      return {
        sessionId: options.visitId ?? ids.uuid(),
        lang: options.lang,
        company: { id: company.id, name: company.name },
        ...shown,
        connections: existing.map((connection): LinkConnection => ({
          id: connection.id,
          integrationKey: connection.integrationKey,
          integrationId: connection.integrationId,
          sourceId: connection.sourceId,
          platformName: connection.platformName,
          sourceType: connection.sourceType as LinkConnection['sourceType'],
          status: connection.status,
          logoUrl: `${publicUrl}/assets/integrations/${connection.integrationKey}/square.svg`,
          created: connection.created,
          ...(connection.lastSync ? { lastSync: connection.lastSync } : {}),
        })),
        ...(visitConnections.length > 0 ? { visitConnectionIds: visitConnections.map((connection) => connection.id) } : {}),
        shareUrl: `${publicUrl}/link/company/${company.id}`,
        ...(deps.fileUploadLimits && isFileUploadOffered(settings)
          ? { fileUpload: { ...deps.fileUploadLimits, filesSentFor: (await deps.filesSentFor?.(company.client_id, company.id)) ?? [] } }
          : {}),
      }
    },

    /**
     * What a company's Link would show with `settings` (saved or not), for a sample company with no
     * connections: the Portal's preview. The same rules as `session` (which platforms are offered,
     * the client's name and logo); nothing is stored and no company is looked up.
     */
    async preview(clientId: string, settings: LinkSettings, lang: LinkLanguage): Promise<LinkSessionView> {
      const shown = await shownTo(clientId, undefined, settings, settings.showSandboxIntegrations)
      return {
        sessionId: ids.uuid(),
        lang,
        company: { id: LINK_PREVIEW_COMPANY_ID, name: PREVIEW_COMPANY_NAME },
        ...shown,
        connections: [],
        shareUrl: `${publicUrl}/link/company/${LINK_PREVIEW_COMPANY_ID}`,
        ...(deps.fileUploadLimits && isFileUploadOffered(settings) ? { fileUpload: { ...deps.fileUploadLimits, filesSentFor: [] } } : {}),
      }
    },

    /**
     * The connection a person starts from hosted Link: the company's existing one for this
     * platform when it is not linked (continue, reconnect: never a duplicate), else a new one. An
     * accounting connection still waiting for another platform is replaced (the person changed
     * their mind); one that was linked before keeps its data and must be reconnected instead.
     * With `popup` (Embedded Link), the trip ends in the popup, posting its outcome to the
     * embedding page's origin (the request's `Origin`) instead of returning to the hosted page.
     */
    async startConnection(
      companyId: string,
      platformKey: string,
      visitId: string,
      redirectParams: Record<string, string> = {},
      given?: GivenConsent,
      popup?: { origin: string | undefined },
    ): Promise<{ connectionId: string; authorizeUrl: string }> {
      // First: a popup with nowhere to post its outcome starts nothing.
      const embedOrigin = popup ? link.checkEmbedOrigin(popup.origin) : undefined
      const company = await requireCompany(companyId)
      // The outcome goes to this origin: it must be one of the client's, whoever the caller is.
      if (embedOrigin !== undefined && !(await deps.corsSettings.isAllowed(company.client_id, embedOrigin))) throw new AppError('link_origin_refused', { origin: embedOrigin })
      const client = actingClient(company)
      const existing = await companyConnections(company)
      const offered = (await integrations.enabledIntegrations(company.client_id)).find((integration) => integration.key === platformKey)
      // Checked before anything changes: a page that shows other texts than the client's records nothing.
      // A platform neither offered nor connected has no consent screen: creating its connection says why.
      const sourceType = offered?.sourceType ?? existing.find((candidate) => candidate.integrationKey === platformKey)?.sourceType
      const consent = given && sourceType ? await checkConsent(company, platformKey, sourceType, given) : undefined
      let connection = existing.find((candidate) => candidate.integrationKey === platformKey && candidate.status !== 'Linked')
      if (!connection) {
        if (offered?.sourceType === 'Accounting') {
          const pending = existing.find((candidate) => candidate.sourceType === 'Accounting' && candidate.status === 'PendingAuth')
          if (pending) await connections.remove(client, companyId, pending.id)
        }
        connection = await connections.create(client, companyId, platformKey)
      }
      const authorizeUrl = new URL(connection.linkUrl)
      // Custom placeholders first: Linkway's own parameters win over a same-named one.
      for (const [name, value] of Object.entries(redirectParams)) if (!name.startsWith('link.')) authorizeUrl.searchParams.set(name, value)
      if (embedOrigin) {
        for (const [name, value] of Object.entries(await link.popupStartParameters({ id: connection.id, company_id: companyId, client_id: company.client_id }, embedOrigin))) authorizeUrl.searchParams.set(name, value)
      } else {
        authorizeUrl.searchParams.set('link.return', 'hosted')
      }
      authorizeUrl.searchParams.set('link.visit', visitId)
      if (consent) await deps.consentReceipts.record({ ...consent, companyId, connectionId: connection.id })
      return { connectionId: connection.id, authorizeUrl: authorizeUrl.href }
    },

    /** The latest signed consent receipt of one of the company's connections, for the person to keep. */
    async consentReceipt(companyId: string, connectionId: string): Promise<SignedConsentReceipt> {
      const company = await requireCompany(companyId)
      return await deps.consentReceipts.get({ clientId: company.client_id }, companyId, connectionId)
    },

    async disconnect(companyId: string, connectionId: string): Promise<{ status: string }> {
      const company = await requireCompany(companyId)
      const updated = await connections.updateStatus(actingClient(company), companyId, connectionId, 'Unlinked')
      return { status: updated.status }
    },

    async recordEvent(companyId: string, event: { visitId: string; event: FunnelEvent; category?: string | undefined; platformKey?: string | undefined; step?: string | undefined }): Promise<void> {
      const company = await requireCompany(companyId)
      await linkSettings.recordEvent({ clientId: company.client_id, companyId, ...event })
    },

    /** Whose pages a company's are: its client's name and logo, for the server-rendered pages; undefined for an unknown company. */
    async brandForCompany(companyId: string): Promise<PageBrand | undefined> {
      const company = await companies.findForLink(companyId)
      return company ? await brandOf(company.client_id) : undefined
    },

    /**
     * The done page: the client, and the platforms this visit connected (by name, in the order it
     * connected them); a visit that connected none (a returning visitor pressing Complete) names
     * every platform the company has connected.
     */
    async donePage(companyId: string, visitId?: string): Promise<{ brand: PageBrand; platformNames: string[]; receipts: Array<{ platformName: string; url: string }> }> {
      const company = await requireCompany(companyId)
      const [brand, existing] = await Promise.all([brandOf(company.client_id), companyConnections(company)])
      const inVisit = await linkedInVisit(company, existing, visitId)
      const named = inVisit.length > 0 ? inVisit : existing.filter((connection) => connection.status === 'Linked')
      // The receipt of each connection the page names, for the person to keep.
      const receipts = []
      for (const connection of named) {
        if (await hasConsentReceipt(company, connection.id)) receipts.push({ platformName: connection.platformName, url: `/link/api/companies/${companyId}/connections/${connection.id}/consent` })
      }
      return { brand, platformNames: named.map((connection) => connection.platformName), receipts }
    },

    /** The invite page, if the client has it on: its texts, or undefined (an unknown client looks the same). */
    async invitePage(clientId: string): Promise<{ clientName: string; logoUrl?: string; title: string; body: string } | undefined> {
      const clientName = await clients.nameOf(clientId)
      if (!clientName) return undefined
      const settings = await linkSettings.forClient(clientId)
      // With one-time Link URLs, an open invitation would be a way around them.
      if (!settings.invitePage.enabled || settings.oneTimeLinks) return undefined
      const brand = await brandOf(clientId)
      return { clientName: brand.name || clientName, ...(brand.logoUrl ? { logoUrl: brand.logoUrl } : {}), title: settings.invitePage.title, body: settings.invitePage.body }
    },

    /** The invite page's form: a company named by the person, created as the API would (company.created included). */
    async createInvitedCompany(clientId: string, name: string): Promise<string> {
      const company = await deps.companies.create({ clientId, apiKeyId: 'hosted-link' }, { name })
      return company.id
    },

    /** Complete: to the client's redirect, with the connection this visit linked last (if any). */
    async complete(companyId: string, connectionId: string | undefined, customParams: Record<string, string>, lang: LinkLanguage = 'en'): Promise<LinkResult> {
      const company = await requireCompany(companyId)
      const connection = connectionId ? await connections.findById(connectionId) : undefined
      const linked = connection && connection.company_id === companyId && connection.status === 'Linked' ? connection : undefined
      // No redirect set: the route shows Linkway's done page, with the receipts of what it names (donePage).
      return await link.complete({ clientId: company.client_id, companyId, connection: linked }, customParams, lang)
    },
  }
  return service
}

export type HostedLinkService = ReturnType<typeof createHostedLinkService>

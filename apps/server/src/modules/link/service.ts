/**
 * @module The Link flow (RFC 9700): a connection's Link URL starts a server-side link session
 * (random state stored hashed, single use, 15 minutes; a PKCE S256 verifier sealed) and sends the
 * person to the platform; the callback claims the session once, exchanges the code, stores the
 * tokens sealed, links the connection and sends the person to the client's redirect (or back to
 * hosted Link, or, in Embedded Link's popup, to a page that posts the outcome to the embedding page).
 */
import { createHash } from 'node:crypto'
import { parseConnectionParameter, type Catalogue, type Connector, type OAuth2Auth } from '@linkway/connectors'
import type { Tables } from '@linkway/db'
import {
  buildAuthorizationUrl,
  checkShopifyCallback,
  createCodeVerifier,
  exchangeAuthorizationCode,
  fetchGrantedTenants,
  PlatformAuthError,
  SHOPIFY_CALLBACK_TOLERANCE_SECONDS,
  type TokenSet,
} from '@linkway/oauth'
import type { SecretBox } from '@linkway/vault'
import type { Kysely } from 'kysely'
import type { Clock, IdGenerator, RandomSource } from '../../app-deps.js'
import { isGuid } from '../../http/browser-params.js'
import type { ConnectionRow, ConnectionsService } from '../connections/index.js'
import type { CredentialsService } from '../integrations/index.js'
import type { ProfileService } from '../profile/index.js'
import { checkEmbedOrigin, createEmbedTokens, EMBED_PARAMETER } from './embedded-journeys.js'
import type { LinkPage } from './link-pages.js'
import { chooseLanguage, fillText, LINK_PAGE_TEXTS, type LinkLanguage } from './link-page-texts.js'
import { LINK_STATUS, resolveRedirect, type LinkOutcome } from './redirect-template.js'
import type { OneTimeLinks } from './one-time-links.js'
import * as repo from './repo.js'

export const LINK_SESSION_TTL_MS = 15 * 60_000
/** Query parameters of a Link URL that are Linkway's own, never custom redirect placeholders. */
const LINK_OWN_PARAMETERS = new Set(['otp', 'link.otp', 'link.showSandboxIntegrations', 'openId', 'link.return', 'link.visit', EMBED_PARAMETER])

/**
 * Where a journey ends: the client's redirect; back in hosted Link (which began it) for its next
 * step; or, in the popup Embedded Link opened, a page that posts the outcome to the embedding page.
 */
export type JourneyReturn = { to: 'redirect' | 'hosted'; visitId: string | null } | { to: 'embedded'; visitId: string | null; embedOrigin: string }

/** A page is rendered in the person's language: the one they travel with (`lang`), else their browser's. */
export type LinkResult = { kind: 'redirect'; location: string } | { kind: 'page'; status: number; page: LinkPage; lang?: LinkLanguage }

export interface LinkServiceDeps {
  db: Kysely<Tables>
  clock: Clock
  ids: IdGenerator
  random: RandomSource
  secrets: SecretBox
  catalogue: Catalogue
  connections: ConnectionsService
  credentials: CredentialsService
  profile: ProfileService
  publicUrl: string
  oneTimeLinks: OneTimeLinks
  isOneTimeLinks(clientId: string): Promise<boolean>
}

const sha256 = (text: string) => createHash('sha256').update(text).digest()

/** The HTTP status of a page that ends a journey: the person's outcome, for whoever reads the access log. */
const outcomePageStatus = (outcome: LinkOutcome) => (outcome === 'success' || outcome === 'noChange' || outcome === 'cancelled' ? 200 : outcome === 'notSupported' ? 501 : 502)

/** The texts that make the title and message of an error page. */
type ErrorTexts = { [K in keyof typeof LINK_PAGE_TEXTS.en]: (typeof LINK_PAGE_TEXTS.en)[K] extends string ? K : never }[keyof typeof LINK_PAGE_TEXTS.en]

function errorPage(status: number, lang: LinkLanguage, title: ErrorTexts, message: ErrorTexts): LinkResult {
  const texts = LINK_PAGE_TEXTS[lang]
  return { kind: 'page', status, lang, page: { kind: 'error', status, title: texts[title], message: texts[message] } }
}

const oneTimeLinkUsed = (lang: LinkLanguage) => errorPage(403, lang, 'usedTitle', 'usedMessage')
const sessionGone = (lang: LinkLanguage) => errorPage(400, lang, 'expiredTitle', 'expiredMessage')
const connectionGone = (lang: LinkLanguage) => errorPage(404, lang, 'connectionGoneTitle', 'connectionGoneMessage')
/** The language a link session travels with (hosted Link sends `lang` on the Link URL; it is kept with the redirect parameters). */
const sessionLanguage = (session: { redirect_params: Record<string, string> }, acceptLanguage?: string) => chooseLanguage(session.redirect_params.lang, acceptLanguage)

export function createLinkService(deps: LinkServiceDeps) {
  const { db, clock, ids, random, secrets, catalogue, connections, credentials, profile, publicUrl } = deps
  const callbackUrl = `${publicUrl}/link/oauth/callback`

  const embedTokens = createEmbedTokens({ secrets, clock })
  const verifierContext = (sessionId: string) => `link_sessions:${sessionId}:code_verifier`
  const pendingTokensContext = (sessionId: string) => `link_sessions:${sessionId}:pending_tokens`

  /**
   * Where a Link URL's journey returns. A popup's start URL carries the embedding page's origin
   * sealed for this connection (`link.embed`, made by `popupStartParameters`); undefined when that
   * does not open (tampered, another connection's, expired): nothing may be posted to an origin the
   * URL merely names.
   */
  function journeyReturnOf(query: Record<string, string>, connectionId: string): JourneyReturn | undefined {
    const visit = query['link.visit']
    const visitId = isGuid(visit) ? visit : null
    const embed = query[EMBED_PARAMETER]
    if (embed !== undefined) {
      const embedOrigin = embedTokens.open(embed, connectionId)
      return embedOrigin ? { to: 'embedded', visitId, embedOrigin } : undefined
    }
    return { to: query['link.return'] === 'hosted' ? 'hosted' : 'redirect', visitId }
  }

  /**
   * The popup's last page: the outcome in words, and with `embedOrigin` the message posted to the
   * embedding page (which then closes the popup). `notConnected` (a replayed callback that did not
   * link) posts nothing.
   */
  async function popupResult(connection: ConnectionRow, outcome: LinkOutcome | 'notConnected', embedOrigin: string | undefined, lang: LinkLanguage): Promise<LinkResult> {
    const texts = LINK_PAGE_TEXTS[lang]
    const platformName = catalogue.get(connection.platform_key)?.name ?? connection.platform_key
    const messages = {
      success: texts.popupConnectedMessage,
      noChange: texts.popupConnectedMessage,
      cancelled: texts.popupCancelledMessage,
      failed: texts.popupFailedMessage,
      notSupported: texts.notSupportedMessage,
      notConnected: texts.popupNotConnectedMessage,
    }
    const clientName = (await profile.get({ clientId: connection.client_id, apiKeyId: 'link' })).name
    const post =
      embedOrigin && outcome !== 'notConnected'
        ? { targetOrigin: embedOrigin, message: { type: 'linkway:link-result' as const, companyId: connection.company_id, connectionId: connection.id, statusCode: LINK_STATUS[outcome].statusCode } }
        : undefined
    const isSuccess = outcome === 'success' || outcome === 'noChange'
    const page: LinkPage = { kind: 'popup-result', isSuccess, platformName, message: fillText(messages[outcome], { platformName }), clientName, ...(post ? { post } : {}) }
    return { kind: 'page', status: outcome === 'notConnected' ? 200 : outcomePageStatus(outcome), lang, page }
  }

  /** The end of every journey that knows its connection: the client's redirect, or Linkway's own page. */
  async function finish(connection: ConnectionRow, outcome: LinkOutcome, customParams: Record<string, string>, journey: JourneyReturn, lang: LinkLanguage, statusText?: string): Promise<LinkResult> {
    const status = LINK_STATUS[outcome]
    if (journey.to === 'embedded') return await popupResult(connection, outcome, journey.embedOrigin, lang)
    if (journey.to === 'hosted') {
      // Back to the hosted page, which shows this category's result and what is left to do.
      const back = new URL(`${publicUrl}/link/company/${connection.company_id}`)
      back.searchParams.set('link.result', `${connection.id}:${status.statusCode}`)
      if (journey.visitId) back.searchParams.set('link.visit', journey.visitId)
      for (const [name, value] of Object.entries(customParams)) back.searchParams.set(name, value)
      return { kind: 'redirect', location: back.href }
    }
    return await toClient({ clientId: connection.client_id, companyId: connection.company_id, connection }, outcome, customParams, lang, statusText)
  }

  /**
   * The client's redirect template, filled, or Linkway's own page when none is set. A journey that
   * ends with no connection in hand (hosted Link's Complete with nothing new) leaves the
   * connection placeholders empty.
   */
  async function toClient(
    target: { clientId: string; companyId: string; connection?: ConnectionRow | undefined },
    outcome: LinkOutcome,
    customParams: Record<string, string>,
    lang: LinkLanguage,
    statusText?: string,
  ): Promise<LinkResult> {
    const { connection } = target
    const connector = connection ? catalogue.get(connection.platform_key) : undefined
    const status = LINK_STATUS[outcome]
    const settings = await profile.redirectSettings(target.clientId)
    const resolution = resolveRedirect(
      settings.redirectUrl,
      settings.whiteListUrls,
      {
        clientId: target.clientId,
        companyId: target.companyId,
        connectionId: connection?.id ?? '',
        integrationId: connector?.integrationId ?? '',
        sourceId: connector?.sourceId ?? '',
        platform: connection?.platform_key ?? '',
        platformName: connector?.name ?? connection?.platform_key ?? '',
        sourceType: connection?.source_type ?? '',
        statusCode: status.statusCode,
        errorMessage: status.errorMessage,
        statusText: statusText ?? status.statusText,
      },
      customParams,
    )
    if (resolution.kind === 'redirect') return { kind: 'redirect', location: resolution.url }
    const texts = LINK_PAGE_TEXTS[lang]
    if (resolution.kind === 'refused') {
      // The reason stays as the resolver words it: it is for the client's developers, who fix the settings.
      return { kind: 'page', status: 400, lang, page: { kind: 'error', status: 400, title: texts.redirectRefusedTitle, message: fillText(texts.redirectRefusedMessage, { reason: resolution.reason }) } }
    }
    const platformName = connector?.name ?? connection?.platform_key ?? texts.yourAccount
    const isSuccess = outcome === 'success' || outcome === 'noChange'
    const message = fillText(
      !connection
        ? texts.allDoneMessage
        : isSuccess
          ? texts.connectedMessage
          : outcome === 'cancelled'
            ? texts.cancelledMessage
            : outcome === 'notSupported'
              ? texts.notSupportedMessage
              : texts.failedMessage,
      { platformName },
    )
    return { kind: 'page', status: outcomePageStatus(outcome), lang, page: { kind: 'outcome', isSuccess, platformName, message } }
  }

  const journeyOf = (session: repo.LinkSessionRow): JourneyReturn =>
    session.return_to === 'embedded' && session.embed_origin
      ? { to: 'embedded', visitId: session.visit_id, embedOrigin: session.embed_origin }
      : { to: session.return_to === 'hosted' ? 'hosted' : 'redirect', visitId: session.visit_id }

  /**
   * A callback whose state was already used, or whose session ran out unused. From hosted Link the
   * first is a person who pressed Back after returning and answered the platform's page again, the
   * second one who took longer at the platform than a session lives: send them back to the
   * company's page (in their language), which shows where the connection stands, and for a session
   * that ran out says so (`408`, unless the connection was linked meanwhile in another tab) rather
   * than leaving them at "waiting for sign-in" unexplained. In
   * Embedded Link's popup: the popup's page with where the connection stands now, posting nothing
   * (the first answer posted the journey's outcome; the embedding page hears of one journey once).
   */
  async function replayedCallback(stateHash: Buffer, acceptLanguage: string | undefined): Promise<LinkResult> {
    const used = await repo.findSessionByState(db, stateHash)
    if (used?.return_to === 'embedded') {
      const connection = await connections.findById(used.connection_id)
      if (connection) return await popupResult(connection, connection.status === 'Linked' ? 'success' : 'notConnected', undefined, sessionLanguage(used, acceptLanguage))
    }
    const connection = used?.return_to === 'hosted' ? await connections.findById(used.connection_id) : undefined
    if (!used || !connection) return sessionGone(used ? sessionLanguage(used, acceptLanguage) : chooseLanguage(undefined, acceptLanguage))
    const back = new URL(`${publicUrl}/link/company/${connection.company_id}`)
    // Ran out here, but linked meanwhile from another tab: the page shows it Linked, with no word of a time-out.
    if (used.used_at === null && connection.status !== 'Linked') {
      back.searchParams.set('link.result', `${connection.id}:408`)
      if (used.visit_id) back.searchParams.set('link.visit', used.visit_id)
    }
    for (const [name, value] of Object.entries(used.redirect_params)) back.searchParams.set(name, value)
    return { kind: 'redirect', location: back.href }
  }

  async function completeWithTokens(session: repo.LinkSessionRow, connection: ConnectionRow, tokens: TokenSet, info: Record<string, unknown>, lang: LinkLanguage): Promise<LinkResult> {
    const linked = await connections.completeAuthorization(connection.id, tokens, info)
    if (!linked) return connectionGone(lang)
    await repo.finishSession(db, session.id)
    return await finish(linked, 'success', session.redirect_params, journeyOf(session), lang)
  }

  async function fail(session: repo.LinkSessionRow, connection: ConnectionRow, kind: 'user_cancelled' | 'link_failed', lang: LinkLanguage, statusText?: string): Promise<LinkResult> {
    const updated = (await connections.recordLinkFailure(connection.id, kind, statusText)) ?? connection
    await repo.finishSession(db, session.id)
    return await finish(updated, kind === 'user_cancelled' ? 'cancelled' : 'failed', session.redirect_params, journeyOf(session), lang, statusText)
  }

  return {
    /** The origin a popup journey (`display: 'popup'`) posts to, checked (see checkEmbedOrigin); a 400 otherwise. */
    checkEmbedOrigin(origin: string | undefined): string {
      return checkEmbedOrigin(origin, publicUrl)
    },

    /**
     * What a connection's Link URL carries to become a popup journey: the checked origin, sealed for
     * this connection; and, with one-time Link URLs on, a one-time token of its own. The popup has no
     * hosted page's cookie, and its caller proved itself already (one-time Link URLs make Embedded
     * Link require a company access token).
     */
    async popupStartParameters(connection: { id: string; company_id: string; client_id: string }, embedOrigin: string): Promise<Record<string, string>> {
      const parameters: Record<string, string> = { [EMBED_PARAMETER]: embedTokens.seal(connection.id, embedOrigin) }
      if (await deps.isOneTimeLinks(connection.client_id)) parameters['link.otp'] = deps.oneTimeLinks.mint(connection.company_id, connection.id)
      return parameters
    },

    /** Hosted Link's Complete: to the client's redirect with the journey's outcome. */
    async complete(target: { clientId: string; companyId: string; connection?: ConnectionRow | undefined }, customParams: Record<string, string>, lang: LinkLanguage = 'en'): Promise<LinkResult> {
      return await toClient(target, target.connection ? 'success' : 'noChange', customParams, lang)
    },

    async start(companyId: string, connectionId: string, query: Record<string, string>, cookieHeader?: string, acceptLanguage?: string): Promise<LinkResult> {
      const lang = chooseLanguage(query.lang, acceptLanguage)
      const texts = LINK_PAGE_TEXTS[lang]
      const connection = await connections.findForLink(companyId, connectionId)
      if (!connection) return errorPage(404, lang, 'linkNotFoundTitle', 'linkNotFoundMessage')
      // One-time Link URLs: this URL's own token, used now, or the hosted page's cookie for the company.
      if (
        (await deps.isOneTimeLinks(connection.client_id)) &&
        !deps.oneTimeLinks.hasCookieFor(cookieHeader, companyId) &&
        !(await deps.oneTimeLinks.use(query['link.otp'], companyId, connectionId))
      ) {
        return oneTimeLinkUsed(lang)
      }
      const connector = catalogue.get(connection.platform_key)
      const customParams = Object.fromEntries(Object.entries(query).filter(([name]) => !LINK_OWN_PARAMETERS.has(name)))
      const journey = journeyReturnOf(query, connection.id)
      if (!journey) return sessionGone(lang)
      if (!connector || connector.auth.kind !== 'oauth2' || !(await credentials.isEnabledFor(connection.client_id, connector))) {
        return await finish(connection, 'notSupported', customParams, journey, lang)
      }
      if (connection.status === 'Linked') return await finish(connection, 'noChange', customParams, journey, lang)
      const auth: OAuth2Auth = connector.auth
      const client = await credentials.platformClient(connection.client_id, connector.key)
      if (!client) return await finish(connection, 'notSupported', customParams, journey, lang)

      // Values the person must give first (Shopify's shop): asked on a small form, then validated.
      const connectionParams: Record<string, string> = {}
      const fields: Extract<LinkPage, { kind: 'connection-parameters' }>['fields'] = []
      for (const parameter of auth.connectionParameters) {
        const raw = query[parameter.name]
        const value = raw === undefined ? undefined : parseConnectionParameter(parameter, raw)
        const isValid = value !== undefined
        if (isValid) connectionParams[parameter.name] = value
        const translated = texts.parameters[parameter.name] ?? { label: parameter.label, description: parameter.description }
        fields.push({
          name: parameter.name,
          label: translated.label,
          description: translated.description,
          example: parameter.example,
          value: raw ?? '',
          ...(raw !== undefined && !isValid ? { error: fillText(texts.invalidValue, { label: translated.label, example: parameter.example }) } : {}),
        })
        delete customParams[parameter.name]
      }
      if (Object.keys(connectionParams).length < auth.connectionParameters.length) {
        const hidden = Object.fromEntries(Object.entries(query).filter(([name]) => !auth.connectionParameters.some((p) => p.name === name)))
        return { kind: 'page', status: 200, lang, page: { kind: 'connection-parameters', platformName: connector.name, action: `${publicUrl}/link/companies/${companyId}/connections/${connectionId}/start`, fields, hidden } }
      }

      const state = random.bytes(32).toString('base64url')
      const codeVerifier = createCodeVerifier()
      const sessionId = ids.uuid()
      const now = clock.now()
      await repo.insertSession(db, {
        id: sessionId,
        client_id: connection.client_id,
        connection_id: connection.id,
        state_hash: sha256(state),
        code_verifier_sealed: secrets.seal(codeVerifier, verifierContext(sessionId)),
        redirect_params: customParams,
        connection_params: connectionParams,
        created_at: now,
        expires_at: new Date(now.getTime() + LINK_SESSION_TTL_MS),
        return_to: journey.to,
        visit_id: journey.visitId,
        embed_origin: journey.to === 'embedded' ? journey.embedOrigin : null,
      })
      const url = await buildAuthorizationUrl(auth, { clientId: client.clientId, redirectUri: callbackUrl, state, codeVerifier, connectionParameters: connectionParams })
      return { kind: 'redirect', location: url.href }
    },

    async callback(query: Record<string, string>, acceptLanguage?: string): Promise<LinkResult> {
      const state = query.state
      if (!state) return errorPage(400, chooseLanguage(undefined, acceptLanguage), 'missingTitle', 'missingCallback')
      const session = await repo.claimSession(db, sha256(state), clock.now())
      if (!session) return await replayedCallback(sha256(state), acceptLanguage)
      const lang = sessionLanguage(session, acceptLanguage)
      const connection = await connections.findById(session.connection_id)
      if (!connection) return connectionGone(lang)
      const connector = catalogue.get(connection.platform_key) as (Connector & { auth: OAuth2Auth }) | undefined
      if (!connector || connector.auth.kind !== 'oauth2') return await finish(connection, 'notSupported', session.redirect_params, journeyOf(session), lang)

      if (query.error) {
        if (query.error === 'access_denied') return await fail(session, connection, 'user_cancelled', lang)
        return await fail(session, connection, 'link_failed', lang, query.error_description || query.error)
      }
      const client = await credentials.platformClient(connection.client_id, connector.key)
      if (!client) return await finish(connection, 'notSupported', session.redirect_params, journeyOf(session), lang)
      const params = new URLSearchParams(query)
      if (connector.auth.callbackVerification === 'shopify-hmac') {
        const expectedShop = `${session.connection_params.shop ?? ''}.myshopify.com`
        const check = checkShopifyCallback(params, client.clientSecret, clock.now())
        if (check === 'bad_signature' || params.get('shop') !== expectedShop) {
          return await fail(session, connection, 'link_failed', lang, 'The callback signature did not verify')
        }
        // Signed, but not recently: a replayed callback, or a clock that is wrong here or at Shopify.
        if (check === 'stale_timestamp') {
          return await fail(session, connection, 'link_failed', lang, `The callback's timestamp is more than ${SHOPIFY_CALLBACK_TOLERANCE_SECONDS} seconds from Linkway's clock`)
        }
      }
      const info: Record<string, unknown> = { ...session.connection_params }
      for (const name of connector.auth.callbackParameters) {
        const value = query[name]
        if (value) info[name] = value
      }

      let tokens: TokenSet
      try {
        const codeVerifier = secrets.open(session.code_verifier_sealed, verifierContext(session.id))
        tokens = await exchangeAuthorizationCode(connector.auth, client, { callbackParameters: params, redirectUri: callbackUrl, codeVerifier }, { connectionParameters: session.connection_params, now: clock.now() })
      } catch (error) {
        if (error instanceof PlatformAuthError) return await fail(session, connection, 'link_failed', lang, error.details.upstreamError ?? error.message)
        throw error
      }

      Object.assign(info, tokens.parameters ?? {})
      const pick = connector.auth.afterCallback
      if (pick) {
        let tenants
        try {
          tenants = await fetchGrantedTenants(pick, tokens.accessToken, clock.now())
        } catch (error) {
          if (error instanceof PlatformAuthError) return await fail(session, connection, 'link_failed', lang, error.message)
          throw error
        }
        if (tenants.length === 0) return await fail(session, connection, 'link_failed', lang, 'No organisation was given access')
        if (tenants.length > 1) {
          const stepToken = random.bytes(32).toString('base64url')
          await repo.awaitTenant(db, session.id, {
            tenants,
            step_token_hash: sha256(stepToken),
            pending_tokens_sealed: secrets.seal(JSON.stringify(tokens), pendingTokensContext(session.id)),
          })
          // The language on the form's address too: a refused post (no session any more) still speaks it.
          return { kind: 'page', status: 200, lang, page: { kind: 'tenant-pick', platformName: connector.name, action: `${publicUrl}/link/sessions/${session.id}/tenant?lang=${lang}`, stepToken, tenants } }
        }
        info[pick.connectionInfoKey] = tenants[0]!.id
        info.tenantName = tenants[0]!.name
      }
      return await completeWithTokens(session, connection, tokens, info, lang)
    },

    /** The organisation pick (Xero): finishes a session that waits for it, once. `lang`: the form's own (its address carries it). */
    async pickTenant(sessionId: string, body: { stepToken?: string; tenantId?: string }, formLang: LinkLanguage = 'en'): Promise<LinkResult> {
      if (!body.stepToken || !body.tenantId) return errorPage(400, formLang, 'missingTitle', 'missingTenant')
      const session = await repo.claimTenantStep(db, sessionId, sha256(body.stepToken), clock.now())
      if (!session || !session.pending_tokens_sealed || !session.tenants) return sessionGone(formLang)
      const lang = sessionLanguage(session, formLang)
      const connection = await connections.findById(session.connection_id)
      if (!connection) return connectionGone(lang)
      const connector = catalogue.get(connection.platform_key)
      const pick = connector?.auth.kind === 'oauth2' ? connector.auth.afterCallback : undefined
      const tenant = session.tenants.find((candidate) => candidate.id === body.tenantId)
      if (!pick || !tenant) return await fail(session, connection, 'link_failed', lang, 'The chosen organisation was not one given access')
      const stored = JSON.parse(secrets.open(session.pending_tokens_sealed, pendingTokensContext(session.id))) as TokenSet & { expiresAt?: string }
      const tokens: TokenSet = { ...stored, ...(stored.expiresAt ? { expiresAt: new Date(stored.expiresAt) } : {}) }
      const info: Record<string, unknown> = { ...session.connection_params, [pick.connectionInfoKey]: tenant.id, tenantName: tenant.name }
      return await completeWithTokens(session, connection, tokens, info, lang)
    },

    /** The connections a hosted Link visit took to their platform and back (see repo.connectionIdsOfVisit). */
    async connectionIdsOfVisit(clientId: string, visitId: string): Promise<string[]> {
      return await repo.connectionIdsOfVisit(db, clientId, visitId)
    },

    /** Sessions are kept a day past their expiry, so a late callback reads "expired", then removed. */
    async pruneExpiredSessions(): Promise<number> {
      return await repo.deleteSessionsExpiredBefore(db, new Date(clock.now().getTime() - 24 * 60 * 60_000))
    },
  }
}

export type LinkService = ReturnType<typeof createLinkService>

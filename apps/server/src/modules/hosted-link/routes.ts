/**
 * @module HTTP for hosted Link: the page at a company's `redirect` URL, the Link component's
 * script, the small JSON API the component talks to, and Complete. No API key: the company's
 * hosted URL is the credential. Pages answer with HTML; the component's API with the wire error body.
 */
import { readFile } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import formBody from '@fastify/formbody'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { GivenConsent, LINK_LANGUAGES, LinkSessionView, SignedConsentReceipt, WireString } from '@linkway/contracts'
import { z } from 'zod'
import { FUNNEL_EVENTS } from '../link-settings/index.js'
import { normalizeCompanyName } from '../companies/index.js'
import { renderLinkPage, sendLinkResult, stringParams, LINK_PAGE_HEADERS, type LinkPage, type LinkPageOptions } from '../link/index.js'
import type { RateLimitsService } from '../rate-limits/index.js'
import { AppError } from '../../app-error.js'
import { ClientPageParams, CompanyPageParams, isGuid, parsePageParams } from '../../http/browser-params.js'
import { FORM_BODY_LIMIT_BYTES } from '../../http/error-handler.js'
import { HOSTED_PAGE_HEADERS, renderHostedPage } from './hosted-page.js'
import { LINK_TOKEN_HEADER, type LinkPageTokens } from './link-page-tokens.js'
import { PAGE_TEXTS, fillText, type PageTexts } from './page-texts.js'
import { chooseLanguage, type HostedLinkService } from './service.js'

/** Embedded Link's mark on a call without a token (way c): a custom header, so the browser preflights it. */
const EMBEDDED_HEADER = 'x-link-embedded'

const RESULT = /^([0-9a-f-]{36}):(200|201|403|408|500|501)$/i
/** Query parameters of the hosted page that are Linkway's own, not custom redirect placeholders. */
const OWN = new Set(['link.result', 'link.visit', 'lang', 'link.showSandboxIntegrations', 'link.connection', 'link.otp'])

export interface HostedLinkRoutesOptions {
  publicUrl: string
  /** The page's token for its own state changes (link-page-tokens.ts). */
  pageTokens: LinkPageTokens
  /** The Link component's bundle, built by `npm run build` (packages/link-ui). */
  bundlePath: string
  /** The invite form creates companies for anyone with its URL: RATE_LIMIT_INVITES_PER_MINUTE per address, across processes. */
  rateLimits: Pick<RateLimitsService, 'countInvite'>
}

const CompanyParams = z.object({ companyId: z.uuid({ error: 'companyId must be a GUID' }) })

/** Hosted Link's own pages show the client's logo (an https image), unlike the Link flow's plain pages. */
const BRANDED_PAGE_HEADERS = { ...LINK_PAGE_HEADERS, 'content-security-policy': LINK_PAGE_HEADERS['content-security-policy'].replace("img-src 'self' data:", "img-src 'self' data: https:") }

/**
 * Whether a browser request comes from one of Linkway's own pages. `Sec-Fetch-Site`, which every
 * current browser sends, decides when present. Otherwise `Origin` must name this origin: our pages
 * send `Referrer-Policy: no-referrer`, under which a browser's POST says `Origin: null`, so `null`
 * is trusted only next to `Sec-Fetch-Site: same-origin`. A request with neither header is not a
 * browser's (curl, a server): the page token or the form's own checks decide.
 */
export function isSameOriginRequest(headers: { origin?: string | undefined; 'sec-fetch-site'?: string | string[] | undefined }, publicUrl: string): boolean {
  const ownOrigin = new URL(publicUrl).origin
  // An Origin that names another site is that site's, whatever `Sec-Fetch-Site` claims: a client
  // that is not a browser can send both, and the header may only ever narrow what Origin allows.
  if (headers.origin !== undefined && headers.origin !== 'null' && headers.origin !== ownOrigin) return false
  const site = headers['sec-fetch-site']
  if (site !== undefined) return site === 'same-origin' || site === 'none'
  if (headers.origin === undefined) return true
  return headers.origin === ownOrigin
}

export function hostedLinkPageRoutes(hosted: HostedLinkService, options: HostedLinkRoutesOptions): FastifyPluginAsync {
  let bundle: { body: Buffer; etag: string } | undefined
  const page = (reply: FastifyReply, status: number, content: LinkPage, pageOptions: LinkPageOptions = {}) =>
    reply.code(status).headers(BRANDED_PAGE_HEADERS).send(renderLinkPage(content, pageOptions))
  const errorPage = (status: number, title: string, message: string): LinkPage => ({ kind: 'error', status, title, message })
  /** The person's language on a server-rendered page: `?lang=`, else Accept-Language, as the Link component chooses. */
  const languageOf = (request: FastifyRequest) => chooseLanguage(stringParams(request.query).lang, request.headers['accept-language'])
  /** `?lang=…` to carry an explicit choice on (a form's action, a redirect); nothing when the browser chose. */
  const langQuery = (request: FastifyRequest) => {
    const asked = stringParams(request.query).lang
    return asked ? `?lang=${languageOf(request)}` : ''
  }
  const brandOption = async (companyId: string) => {
    const brand = await hosted.brandForCompany(companyId)
    return brand ? { brand } : {}
  }
  return async (app) => {
    await app.register(formBody, { bodyLimit: FORM_BODY_LIMIT_BYTES })

    // The Invite company URL: a person types their company's name, which creates the company and
    // continues into its hosted Link. It suits bulk onboarding; it cannot reach existing companies.
    app.get('/link/client/:clientId', { schema: { hide: true } }, async (request, reply) => {
      const lang = languageOf(request)
      const texts = PAGE_TEXTS[lang]
      const params = parsePageParams(ClientPageParams, request.params)
      const invite = params ? await hosted.invitePage(params.clientId) : undefined
      if (!params || !invite) return await page(reply, 404, errorPage(404, texts.notFoundTitle, texts.notFoundInvite), { lang })
      return await page(reply, 200, inviteForm(`/link/client/${params.clientId}${langQuery(request)}`, invite, texts), { lang, brand: brandOfInvite(invite) })
    })

    app.post('/link/client/:clientId', { schema: { hide: true } }, async (request, reply) => {
      const lang = languageOf(request)
      const texts = PAGE_TEXTS[lang]
      const params = parsePageParams(ClientPageParams, request.params)
      const invite = params ? await hosted.invitePage(params.clientId) : undefined
      if (!params || !invite) return await page(reply, 404, errorPage(404, texts.notFoundTitle, texts.notFoundInvite), { lang })
      const { clientId } = params
      const pageOptions = { lang, brand: brandOfInvite(invite), action: { label: texts.openInviteAgain, url: `/link/client/${clientId}${langQuery(request)}` } }
      // The form on Linkway's own page, not a form another site makes a visitor's browser post.
      if (!isSameOriginRequest(request.headers, options.publicUrl)) {
        return await page(reply, 403, errorPage(403, texts.crossSiteTitle, texts.crossSiteMessage), pageOptions)
      }
      const attempt = await options.rateLimits.countInvite(request.ip)
      if (!attempt.isAllowed) {
        reply.header('retry-after', String(attempt.retryAfterSeconds))
        return await page(reply, 429, errorPage(429, texts.tooManyTitle, texts.tooManyMessage), pageOptions)
      }
      const name = stringParams(request.body).companyName ?? ''
      if (normalizeCompanyName(name).length === 0) {
        return await page(reply, 400, inviteForm(`/link/client/${clientId}${langQuery(request)}`, invite, texts, name, texts.companyNameRequired), { lang, brand: brandOfInvite(invite) })
      }
      const companyId = await hosted.createInvitedCompany(clientId, name.slice(0, 255))
      return await reply.redirect(`/link/company/${companyId}${langQuery(request)}`, 303)
    })

    app.get('/link/company/:companyId', { schema: { hide: true } }, async (request, reply) => {
      const query = stringParams(request.query)
      const lang = chooseLanguage(query.lang, request.headers['accept-language'])
      const texts = PAGE_TEXTS[lang]
      const notFound = () => page(reply, 404, errorPage(404, texts.notFoundTitle, texts.notFoundCompany), { lang })
      const params = parsePageParams(CompanyPageParams, request.params)
      if (!params) return await notFound()
      const { companyId } = params
      const access = await hosted.access(companyId, query['link.otp'], request.headers.cookie, options.publicUrl.startsWith('https:'))
      if (!access.isAllowed) return await page(reply, 403, errorPage(403, texts.usedTitle, texts.usedMessage), { lang, ...(await brandOption(companyId)) })
      let view
      try {
        view = await hosted.session(companyId, { lang })
      } catch (error) {
        // Only a missing company is "not found"; anything else (the database away) is the error it is.
        if (error instanceof AppError && error.code === 'company_not_found') return await notFound()
        throw error
      }
      const isSecure = options.publicUrl.startsWith('https:')
      const pageToken = options.pageTokens.issue(companyId, request.headers.cookie, isSecure)
      const cookies = [access.setCookie, pageToken.setCookie].filter((cookie): cookie is string => cookie !== undefined)
      if (cookies.length > 0) reply.header('set-cookie', cookies)
      const result = RESULT.exec(query['link.result'] ?? '')
      // The visit: back from a platform, the one that went there; else a new one. Its link sessions
      // carry it, and Complete names what it connected.
      const visitId = isGuid(query['link.visit']) ? query['link.visit'] : hosted.newVisitId()
      const custom = new URLSearchParams(Object.entries(query).filter(([name]) => !OWN.has(name)))
      // Complete names the connection the person just linked (the page reloads after each platform).
      // (a reload of the page, which drops the told outcome, keeps it as link.connection; Complete checks it).
      if (result?.[2] === '200') custom.set('link.connection', result[1]!)
      else if (isGuid(query['link.connection'])) custom.set('link.connection', query['link.connection'])
      const config = {
        apiBaseUrl: options.publicUrl,
        companyId,
        linkToken: pageToken.token,
        lang,
        // With the language, so Linkway's own done page speaks it (it is never passed on to the client's redirect).
        completeUrl: `${options.publicUrl}/link/companies/${companyId}/complete?${new URLSearchParams([...custom, ['lang', lang], ['link.visit', visitId]]).toString()}`,
        ...(result ? { result: { connectionId: result[1]!, statusCode: result[2]! } } : {}),
        visitId,
        ...(custom.size > 0 ? { redirectParams: Object.fromEntries([...custom].filter(([name]) => name !== 'link.connection')) } : {}),
        // A page refused later (its token runs out after a day) is fixed by reloading it, except
        // where the page was opened by a one-time Link URL: its cookie runs out too.
        ...(access.isOneTime ? {} : { canReload: true }),
      }
      return await reply.headers(HOSTED_PAGE_HEADERS).send(renderHostedPage(config, fillText(texts.pageTitle, { companyName: view.company.name, clientName: view.client.name })))
    })

    // The FAQ's plural form of the hosted URL.
    app.get('/link/companies/:companyId', { schema: { hide: true } }, async (request, reply) => {
      const { companyId } = z.object({ companyId: z.string() }).parse(request.params)
      const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''
      return await reply.redirect(`/link/company/${encodeURIComponent(companyId)}${search}`, 301)
    })

    app.get('/link/assets/link.js', { schema: { hide: true } }, async (request, reply) => {
      if (!bundle) {
        try {
          const body = await readFile(options.bundlePath)
          bundle = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` }
        } catch {
          return await reply.code(503).type('text/plain; charset=utf-8').send('The Link component is not built; run npm run build.')
        }
      }
      if (request.headers['if-none-match'] === bundle.etag) return await reply.code(304).send()
      // Not versioned in its URL: browsers revalidate (a 304 costs a header), so a new release shows at once.
      return await reply
        .header('content-type', 'text/javascript; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('etag', bundle.etag)
        .header('x-content-type-options', 'nosniff')
        .send(bundle.body)
    })

    app.get('/link/companies/:companyId/complete', { schema: { hide: true } }, async (request, reply) => {
      const params = parsePageParams(CompanyPageParams, request.params)
      const query = stringParams(request.query)
      const lang = languageOf(request)
      const texts = PAGE_TEXTS[lang]
      if (!params) return await page(reply, 404, errorPage(404, texts.notFoundTitle, texts.notFoundCompany), { lang })
      const { companyId } = params
      // With one-time Link URLs on, Complete is part of the page: only the browser that opened it (its cookie) may take it.
      const access = await hosted.access(companyId, undefined, request.headers.cookie, false)
      if (!access.isAllowed) return await page(reply, 403, errorPage(403, texts.usedTitle, texts.usedMessage), { lang, ...(await brandOption(companyId)) })
      const connectionId = isGuid(query['link.connection']) ? query['link.connection'] : undefined
      const custom = Object.fromEntries(Object.entries(query).filter(([name]) => !OWN.has(name)))
      const result = await hosted.complete(companyId, connectionId, custom, lang)
      // No redirect set: Linkway's own done page, in the person's language, naming what this visit connected.
      if (result.kind === 'page' && result.page.kind === 'outcome') {
        const done = await hosted.donePage(companyId, isGuid(query['link.visit']) ? query['link.visit'] : undefined)
        const title = done.platformNames.length > 0 ? fillText(texts.doneTitleNamed, { platformNames: done.platformNames.join(', ') }) : texts.doneTitle
        const back = `/link/company/${companyId}${langQuery(request)}`
        return await page(reply, 200, { kind: 'done', title, body: fillText(texts.doneBody, { clientName: done.brand.name }), actionLabel: texts.seeConnections, actionUrl: back, receipts: done.receipts }, { lang, brand: done.brand })
      }
      return await sendLinkResult(reply, result)
    })
  }
}

function inviteForm(action: string, invite: { clientName: string; title: string; body: string }, texts: PageTexts, value = '', error?: string): LinkPage {
  return {
    kind: 'invite',
    title: invite.title || fillText(texts.inviteTitle, { clientName: invite.clientName }),
    body: invite.body || fillText(texts.inviteBody, { clientName: invite.clientName }),
    action,
    value,
    labels: { companyName: texts.companyNameLabel, submit: texts.submit },
    ...(error ? { error } : {}),
  }
}

const brandOfInvite = (invite: { clientName: string; logoUrl?: string }) => ({ name: invite.clientName, ...(invite.logoUrl ? { logoUrl: invite.logoUrl } : {}) })

/** What the Link API's CORS preflight allows: the methods and headers the component uses. */
const LINK_API_CORS_HEADERS = {
  'access-control-allow-methods': 'GET, POST',
  'access-control-allow-headers': `authorization, content-type, ${LINK_TOKEN_HEADER}, ${EMBEDDED_HEADER}`,
  'access-control-max-age': '600',
}

/** Response headers the embedding page may read besides the safelisted ones: a receipt's file name, a 429's wait, the correlation id. */
const EXPOSED_HEADERS = 'content-disposition, retry-after, x-correlation-id'

/** The token in `Authorization: Bearer …`, or undefined for no header or another scheme (a browser's Basic credentials for the site). */
function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S{1,1000})[ \t]*$/i.exec(header ?? '')
  if (match) return match[1]
  // `Bearer` with nothing usable after it is still a claim to be a company token: refused as one.
  return /^Bearer\b/i.test(header ?? '') ? '' : undefined
}

/**
 * The JSON API the Link component calls. Errors use the API's wire error body. Who may call it
 * (docs/embedded-link.md, "Who may call the Link API"):
 *
 * a. Linkway's hosted page: every state change (a connection started or disconnected, a funnel
 *    event) carries the page's token in `X-Link-Token`, bound to its cookie, and no other site's
 *    `Origin`; reading needs the company id (and, with one-time Link URLs on, the page's cookie);
 * b. embedded Link with a company access token for this company (`Authorization: Bearer …`),
 *    from an origin in the client's CORS settings when it is another site's page;
 * c. embedded Link without a token, from an origin in the CORS settings and with
 *    `X-Link-Embedded: 1` (a header no cross-site form or simple request can carry), unless the
 *    client's Link settings want a token or one-time Link URLs are on.
 *
 * Answers to an origin in the CORS settings carry `Access-Control-Allow-Origin`; its preflights
 * are answered here (no credentials: embedded Link sends no cookies).
 */
export function hostedLinkApiRoutes(
  hosted: HostedLinkService,
  options: {
    publicUrl: string
    pageTokens: LinkPageTokens
    rateLimits: Pick<RateLimitsService, 'countLinkChange'>
    /** Other modules' Link endpoints (files' upload), registered inside this scope so the same hooks guard them. */
    guardedRoutes?: FastifyPluginAsyncZod[]
  },
): FastifyPluginAsyncZod {
  const ownOrigin = new URL(options.publicUrl).origin
  return async (app) => {
    // First, so every answer (a refusal, a 429) reaches the embedding page readable. Linkway's own
    // page needs no CORS; `null` (a sandboxed frame, a no-referrer POST) is never on a list.
    app.addHook('onRequest', async (request, reply) => {
      reply.header('vary', 'Origin')
      const origin = request.headers.origin
      if (origin === undefined || origin === ownOrigin || origin === 'null') return
      const params = parsePageParams(CompanyPageParams, request.params)
      if (params && (await hosted.isOriginAllowed(params.companyId, origin))) reply.header('access-control-allow-origin', origin).header('access-control-expose-headers', EXPOSED_HEADERS)
    })
    // Every change counts against its address (RATE_LIMIT_LINK_PER_MINUTE, across processes),
    // before its body is read or its page token opened: forged and genuine attempts alike.
    app.addHook('onRequest', async (request) => {
      if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return
      const decision = await options.rateLimits.countLinkChange(request.ip)
      if (!decision.isAllowed) throw new AppError('rate_limited', { retryAfterSeconds: decision.retryAfterSeconds })
    })
    app.addHook('preHandler', async (request) => {
      if (request.method === 'OPTIONS') return
      // A companyId that does not parse is left to the route's own schema (a 400 in the wire body).
      const params = parsePageParams(CompanyPageParams, request.params)
      if (!params) return
      const { companyId } = params
      // Another site's page, by the browser's word: its Origin must be on the client's list.
      const foreignOrigin = request.headers.origin !== undefined && !isSameOriginRequest(request.headers, options.publicUrl) ? request.headers.origin : undefined
      const token = bearerToken(request.headers.authorization)
      if (token !== undefined) return await hosted.authorizeEmbedded(companyId, { token, ...(foreignOrigin !== undefined ? { origin: foreignOrigin } : {}) })
      if (foreignOrigin !== undefined && request.headers[EMBEDDED_HEADER] === '1') return await hosted.authorizeEmbedded(companyId, { origin: foreignOrigin })
      if (request.method !== 'GET') {
        const pageToken = request.headers[LINK_TOKEN_HEADER]
        if (!isSameOriginRequest(request.headers, options.publicUrl) || !options.pageTokens.verify(companyId, typeof pageToken === 'string' ? pageToken : undefined, request.headers.cookie)) {
          throw new AppError('link_request_refused')
        }
      }
      // With one-time Link URLs on, the component's calls need the cookie its page load left.
      const access = await hosted.access(companyId, undefined, request.headers.cookie, false)
      if (!access.isAllowed) throw new AppError('link_access_refused')
    })
    // The preflight of every route below (and of the guarded routes): the onRequest hook above has
    // set Access-Control-Allow-Origin when the origin is on the client's list.
    app.options('/link/api/companies/:companyId/*', { schema: { hide: true } }, async (request, reply) => {
      if (!reply.hasHeader('access-control-allow-origin')) throw new AppError('link_origin_refused', { origin: request.headers.origin ?? '(none)' })
      return await reply.code(204).headers(LINK_API_CORS_HEADERS).send()
    })
    app.get(
      '/link/api/companies/:companyId/session',
      {
        schema: {
          hide: true,
          params: CompanyParams,
          querystring: z.object({
            lang: WireString.max(35).optional(),
            'link.showSandboxIntegrations': z.enum(['true', 'false']).optional(),
            /** The visit a person returning from a platform continues, so the funnel counts one visit. */
            visit: z.uuid({ error: 'visit must be a GUID' }).optional(),
          }),
          response: { 200: LinkSessionView },
        },
      },
      async (request) =>
        await hosted.session(request.params.companyId, {
          lang: chooseLanguage(request.query.lang, request.headers['accept-language']),
          ...(request.query.visit ? { visitId: request.query.visit } : {}),
          ...(request.query['link.showSandboxIntegrations'] ? { showSandboxIntegrations: request.query['link.showSandboxIntegrations'] === 'true' } : {}),
        }),
    )
    app.post(
      '/link/api/companies/:companyId/connections',
      {
        schema: {
          hide: true,
          params: CompanyParams,
          body: z.object({
            platformKey: z.string().regex(/^[a-z]{4}$/, 'platformKey must be 4 lowercase letters'),
            sessionId: z.uuid({ error: 'sessionId must be a GUID' }),
            /** The page's language: carried to the platform and back, so the person returns to the page they left. */
            lang: z.enum(LINK_LANGUAGES).optional(),
            redirectParams: z
              .record(WireString.max(100), WireString.max(1000))
              .refine((params) => Object.keys(params).length <= 20, 'at most 20 redirectParams')
              .optional(),
            /** What the consent screen showed (the Link component sends it): checked, then signed into a receipt. */
            consent: GivenConsent.optional(),
            /** Embedded Link: the trip runs in a popup that posts its outcome to this request's Origin (docs/link-api.md). */
            display: z.enum(['popup'], { error: "display must be 'popup'" }).optional(),
          }),
        },
      },
      async (request) =>
        await hosted.startConnection(
          request.params.companyId,
          request.body.platformKey,
          request.body.sessionId,
          { ...request.body.redirectParams, ...(request.body.lang ? { lang: request.body.lang } : {}) },
          request.body.consent,
          request.body.display === 'popup' ? { origin: request.headers.origin } : undefined,
        ),
    )
    // The person's copy of their consent receipt, as a file (the hosted URL is the credential for reading, as for the session).
    app.get(
      '/link/api/companies/:companyId/connections/:connectionId/consent',
      { schema: { hide: true, params: CompanyParams.extend({ connectionId: z.uuid({ error: 'connectionId must be a GUID' }) }), response: { 200: SignedConsentReceipt } } },
      async (request, reply) => {
        const signed = await hosted.consentReceipt(request.params.companyId, request.params.connectionId)
        reply.header('content-disposition', `attachment; filename="consent-receipt-${request.params.connectionId}.json"`)
        return signed
      },
    )
    app.post(
      '/link/api/companies/:companyId/connections/:connectionId/disconnect',
      { schema: { hide: true, params: CompanyParams.extend({ connectionId: z.uuid({ error: 'connectionId must be a GUID' }) }), body: z.object({ sessionId: z.uuid().optional() }).nullish() } },
      async (request) => await hosted.disconnect(request.params.companyId, request.params.connectionId),
    )
    app.post(
      '/link/api/companies/:companyId/events',
      {
        schema: {
          hide: true,
          params: CompanyParams,
          body: z.object({
            sessionId: z.uuid({ error: 'sessionId must be a GUID' }),
            event: z.enum(FUNNEL_EVENTS),
            category: z.enum(['accounting', 'banking', 'commerce']).optional(),
            platformKey: z.string().regex(/^[a-z]{4}$/).optional(),
            step: WireString.max(50).optional(),
          }),
        },
      },
      async (request, reply) => {
        const { sessionId, ...event } = request.body
        await hosted.recordEvent(request.params.companyId, { visitId: sessionId, ...event })
        return await reply.code(204).send()
      },
    )
    for (const routes of options.guardedRoutes ?? []) await app.register(routes)
  }
}

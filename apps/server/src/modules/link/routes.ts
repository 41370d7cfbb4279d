/**
 * @module HTTP for the Link flow: the start of a connection's Link URL, the OAuth callback, the
 * organisation pick. These are a person's browser pages, not API calls: no API key, answers are
 * redirects or HTML (never JSON), and nothing here may be framed.
 */
import formBody from '@fastify/formbody'
import { refusedTextReason } from '@linkway/contracts'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../../app-error.js'
import { ConnectionPageParams, LinkSessionPageParams, parsePageParams } from '../../http/browser-params.js'
import { FORM_BODY_LIMIT_BYTES, toAppError } from '../../http/error-handler.js'
import { LINK_PAGE_HEADERS, linkPageHeaders, renderLinkPage } from './link-pages.js'
import { chooseLanguage, fillText, LINK_PAGE_TEXTS, type LinkLanguage } from './link-page-texts.js'
import type { LinkResult, LinkService } from './service.js'

/**
 * Only single string values: a repeated parameter keeps its first value. A name or value the
 * database could not store (a NUL, an unpaired surrogate) is refused with a 400, as the API's
 * contracts refuse it: these values reach link sessions, error entries and redirects.
 */
export function stringParams(query: unknown): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const first = Array.isArray(value) ? value[0] : value
    if (typeof first !== 'string') continue
    const reason = refusedTextReason(name) ?? refusedTextReason(first)
    if (reason) throw new AppError('validation_failed', { summary: `The request is invalid: ${name}: ${reason}` }, [{ itemId: name, message: reason, validatorName: 'custom' }])
    result[name] = first
  }
  return result
}

/** Sends a Link flow result: a redirect, or one of the flow's pages, with the headers every Link page has. */
export async function sendLinkResult(reply: FastifyReply, result: LinkResult): Promise<FastifyReply> {
  if (result.kind === 'redirect') return await reply.headers(LINK_PAGE_HEADERS).redirect(result.location, 302)
  reply.headers(linkPageHeaders(result.page))
  return await reply.code(result.status).send(renderLinkPage(result.page, result.lang ? { lang: result.lang } : {}))
}

/** The language of a request's page before anything is parsed: its `?lang=` (when a single string), else Accept-Language. */
function requestLanguage(request: FastifyRequest): LinkLanguage {
  const lang = (request.query as Record<string, unknown> | undefined)?.lang
  return chooseLanguage(typeof lang === 'string' ? lang : undefined, request.headers['accept-language'])
}

function notFound(lang: LinkLanguage): LinkResult {
  const texts = LINK_PAGE_TEXTS[lang]
  return { kind: 'page', status: 404, lang, page: { kind: 'error', status: 404, title: texts.linkNotFoundTitle, message: texts.linkNotFoundMessage } }
}

export function linkFlowRoutes(link: LinkService): FastifyPluginAsync {
  return async (app) => {
    await app.register(formBody, { bodyLimit: FORM_BODY_LIMIT_BYTES })

    // A person's browser gets a page, not the API's JSON error body, whatever went wrong.
    app.setErrorHandler(async (error, request, reply) => {
      const appError = toAppError(error, request.headers['content-type'])
      if (appError.status >= 500) request.log.error({ err: error, code: appError.code }, 'Link page failed')
      const isUnavailable = appError.status === 503
      const lang = requestLanguage(request)
      const texts = LINK_PAGE_TEXTS[lang]
      return await sendLinkResult(reply, {
        kind: 'page',
        status: appError.status >= 500 ? appError.status : 400,
        lang,
        page: {
          kind: 'error',
          status: appError.status,
          title: isUnavailable ? texts.unavailableTitle : appError.status >= 500 ? texts.brokenTitle : texts.badRequestTitle,
          message: isUnavailable ? texts.unavailableMessage : appError.status >= 500 ? fillText(texts.brokenMessage, { reference: request.id }) : texts.badRequestMessage,
        },
      })
    })

    app.get('/link/companies/:companyId/connections/:connectionId/start', { schema: { hide: true } }, async (request, reply) => {
      const params = parsePageParams(ConnectionPageParams, request.params)
      if (!params) return await sendLinkResult(reply, notFound(requestLanguage(request)))
      return await sendLinkResult(reply, await link.start(params.companyId, params.connectionId, stringParams(request.query), request.headers.cookie, request.headers['accept-language']))
    })

    app.get('/link/oauth/callback', { schema: { hide: true } }, async (request, reply) => {
      return await sendLinkResult(reply, await link.callback(stringParams(request.query), request.headers['accept-language']))
    })

    app.post('/link/sessions/:sessionId/tenant', { schema: { hide: true } }, async (request, reply) => {
      const params = parsePageParams(LinkSessionPageParams, request.params)
      const lang = requestLanguage(request)
      if (!params) return await sendLinkResult(reply, notFound(lang))
      return await sendLinkResult(reply, await link.pickTenant(params.sessionId, stringParams(request.body), lang))
    })
  }
}

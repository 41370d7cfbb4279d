/**
 * @module HTTP for the Link flow: the start of a connection's Link URL, the OAuth callback, the
 * organisation pick. These are a person's browser pages, not API calls: no API key, answers are
 * redirects or HTML (never JSON), and nothing here may be framed.
 */
import formBody from '@fastify/formbody'
import { refusedTextReason } from '@linkway/contracts'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { AppError } from '../../app-error.js'
import { ConnectionPageParams, LinkSessionPageParams, parsePageParams } from '../../http/browser-params.js'
import { toAppError } from '../../http/error-handler.js'
import { LINK_PAGE_HEADERS, renderLinkPage } from './link-pages.js'
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
  reply.headers(LINK_PAGE_HEADERS)
  if (result.kind === 'redirect') return await reply.redirect(result.location, 302)
  return await reply.code(result.status).send(renderLinkPage(result.page))
}

function notFound(): LinkResult {
  return { kind: 'page', status: 404, page: { kind: 'error', status: 404, title: 'Link not found', message: 'This link does not lead to a connection. Ask the app that sent it for a new one.' } }
}

export function linkFlowRoutes(link: LinkService): FastifyPluginAsync {
  return async (app) => {
    await app.register(formBody, { bodyLimit: 16_384 })

    // A person's browser gets a page, not the API's JSON error body, whatever went wrong.
    app.setErrorHandler(async (error, request, reply) => {
      const appError = toAppError(error, request.headers['content-type'])
      if (appError.status >= 500) request.log.error({ err: error, code: appError.code }, 'Link page failed')
      const isUnavailable = appError.status === 503
      return await sendLinkResult(reply, {
        kind: 'page',
        status: appError.status >= 500 ? appError.status : 400,
        page: {
          kind: 'error',
          status: appError.status,
          title: isUnavailable ? 'Please try again in a moment' : appError.status >= 500 ? 'Something went wrong' : 'This request could not be understood',
          message: isUnavailable
            ? 'The service is briefly unavailable. Nothing was changed; go back and try again in a minute.'
            : appError.status >= 500
              ? `Nothing was changed. Go back to the app you came from and try again; if it keeps happening, quote reference ${request.id}.`
              : 'Go back to the app you came from and start connecting again.',
        },
      })
    })

    app.get('/link/companies/:companyId/connections/:connectionId/start', { schema: { hide: true } }, async (request, reply) => {
      const params = parsePageParams(ConnectionPageParams, request.params)
      if (!params) return await sendLinkResult(reply, notFound())
      return await sendLinkResult(reply, await link.start(params.companyId, params.connectionId, stringParams(request.query), request.headers.cookie))
    })

    app.get('/link/oauth/callback', { schema: { hide: true } }, async (request, reply) => {
      return await sendLinkResult(reply, await link.callback(stringParams(request.query)))
    })

    app.post('/link/sessions/:sessionId/tenant', { schema: { hide: true } }, async (request, reply) => {
      const params = parsePageParams(LinkSessionPageParams, request.params)
      if (!params) return await sendLinkResult(reply, notFound())
      return await sendLinkResult(reply, await link.pickTenant(params.sessionId, stringParams(request.body)))
    })
  }
}

/**
 * @module The OAuth 2.0 authorization server's HTTP face, one per platform: authorize (the
 * consent page), the consent form's decision, token and revocation. The same engine serves the
 * generic platforms and the emulations; their differences come from the platform's definition.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { beginAuthorization, decideAuthorization, type AuthorizationOutcome } from './authorization-request.js'
import { renderConsentPage, renderErrorPage } from './consent-page.js'
import { sendHtml } from './html-page.js'
import { OAuthError } from './oauth-error.js'
import type { PlatformDefinition } from './platform-definition.js'
import type { TokenFailure } from './platform-controls.js'
import { readParameters } from './request-parameters.js'
import type { SandboxDeps } from './sandbox-deps.js'
import { exchangeToken, revokeToken, type TokenCall } from './token-grants.js'

/** RFC 6749 §5.1: token responses must not be cached. */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const

export function registerOAuthRoutes(app: FastifyInstance, deps: SandboxDeps, platform: PlatformDefinition): void {
  app.get(platform.paths.authorize, async (request, reply) => {
    const shop = shopOf(platform, request)
    if (shop === null) return sendHtml(reply, 400, renderErrorPage(platform.displayName, invalidShopMessage(request)))
    return sendOutcome(reply, platform, beginAuthorization(deps, platform, request.query, shop))
  })

  app.post(platform.paths.decision, async (request, reply) => {
    const shop = shopOf(platform, request)
    if (shop === null) return sendHtml(reply, 400, renderErrorPage(platform.displayName, invalidShopMessage(request)))
    return sendOutcome(reply, platform, decideAuthorization(deps, platform, request.body, shop))
  })

  app.post(platform.paths.token, async (request, reply) => {
    const failure = deps.controls.takeTokenFailure(platform.key)
    if (failure !== undefined) return sendTokenFailure(reply, failure)
    if (platform.tokenRequestBody === 'json' && !/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
      return sendOAuthError(reply, platform, new OAuthError('invalid_request', `${platform.displayName} takes the token request as a JSON body.`))
    }
    return answerTokenCall(request, reply, platform, (call) => reply.headers(NO_STORE).send(exchangeToken(deps, platform, call)))
  })

  const { idToken } = platform
  if (idToken !== undefined) {
    // OpenID Connect Discovery 1.0 §4, with the URLs this origin serves; the issuer stays the platform's own.
    app.get(idToken.discoveryPath, async () => {
      const origin = deps.publicUrl()
      return {
        issuer: idToken.issuer,
        authorization_endpoint: `${origin}${platform.paths.authorize}`,
        token_endpoint: `${origin}${platform.paths.token}`,
        ...(platform.paths.revoke !== undefined ? { revocation_endpoint: `${origin}${platform.paths.revoke}` } : {}),
        jwks_uri: `${origin}${idToken.jwksPath}`,
        scopes_supported: Object.keys(platform.scopes),
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: platform.clientAuthentication,
        code_challenge_methods_supported: ['S256'],
      }
    })
    app.get(idToken.jwksPath, async () => deps.idTokens.jwks())
  }

  const revokePath = platform.paths.revoke
  if (revokePath !== undefined) {
    app.post(revokePath, async (request, reply) => {
      if (platform.revocationBody === 'json' && !/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
        return sendOAuthError(reply, platform, new OAuthError('invalid_request', `${platform.displayName} takes a revocation as a JSON body {"token": "…"} (Content-Type: application/json).`))
      }
      return answerTokenCall(request, reply, platform, (call) => {
        revokeToken(deps, platform, call)
        return reply.status(200).headers(NO_STORE).send()
      })
    })
  }
}

/**
 * The route's shop: undefined for platforms without one, null when the name breaks the
 * platform's rule (so no code or token is ever minted for a malformed shop).
 */
export function shopOf(platform: PlatformDefinition, request: FastifyRequest): string | undefined | null {
  if (platform.shopPattern === undefined) return undefined
  const shop = (request.params as Record<string, string | undefined>)['shop']
  return shop !== undefined && platform.shopPattern.test(shop) ? shop : null
}

function invalidShopMessage(request: FastifyRequest): string {
  const shop = (request.params as Record<string, string | undefined>)['shop'] ?? ''
  return `“${shop}” is not a valid shop name: use lowercase letters, digits and hyphens, starting with a letter or digit.`
}

async function answerTokenCall(request: FastifyRequest, reply: FastifyReply, platform: PlatformDefinition, answer: (call: TokenCall) => FastifyReply): Promise<FastifyReply> {
  const shop = shopOf(platform, request)
  if (shop === null) return sendOAuthError(reply, platform, new OAuthError('invalid_request', invalidShopMessage(request)))
  try {
    return answer({ params: readParameters(request.body), authorization: request.headers.authorization, shop })
  } catch (error) {
    if (error instanceof OAuthError) return sendOAuthError(reply, platform, error)
    throw error
  }
}

function sendOutcome(reply: FastifyReply, platform: PlatformDefinition, outcome: AuthorizationOutcome): FastifyReply {
  switch (outcome.kind) {
    case 'consent':
      return sendHtml(reply, outcome.status, renderConsentPage(outcome.view))
    case 'redirect':
      return reply.status(302).header('cache-control', 'no-store').header('location', outcome.location).send()
    case 'error':
      return sendHtml(reply, 400, renderErrorPage(platform.displayName, outcome.message))
  }
}

export function sendOAuthError(reply: FastifyReply, platform: PlatformDefinition, error: OAuthError): FastifyReply {
  if (platform.presentTokenError !== undefined) {
    const { status, body } = platform.presentTokenError(error)
    return reply.status(status).headers(NO_STORE).send(body)
  }
  reply.status(error.status).headers(NO_STORE)
  if (error.status === 401 && error.isBasicChallenge) reply.header('www-authenticate', `Basic realm="${platform.displayName}", charset="UTF-8"`)
  return reply.send(error.toJSON())
}

function sendTokenFailure(reply: FastifyReply, failure: TokenFailure): FastifyReply {
  const retryAfter = failure.retryAfterSeconds ?? (failure.status === 429 ? 1 : undefined)
  if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter))
  return reply.status(failure.status).headers(NO_STORE).send({ error: failure.error })
}

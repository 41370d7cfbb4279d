/**
 * @module buildApp: the HTTP application, from its dependencies. Importing this file does no I/O;
 * tests build an app on a test database and call `app.inject`, the process entry point listens.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Fastify, { LogController, errorCodes, type FastifyInstance } from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { acceptEmptyJsonBodies } from '@linkway/fastify-json'
import type { AppDeps } from './app-deps.js'
import { requireApiKey } from './http/api-key-auth.js'
import { limitClientRequests } from './http/client-quota.js'
import { BODY_LIMIT_BYTES, MAX_PARAM_LENGTH, answerClientError, registerErrorHandling, sendFrameworkError } from './http/error-handler.js'
import { registerFavicon } from './http/favicon.js'
import { registerOpenApi } from './http/openapi.js'
import { registerSdkCors } from './http/sdk-cors.js'
import { loggedUrl, parseQueryString } from './http/query-string.js'
import { logDestination } from './runtime/log-format.js'
import { apiKeysRoutes } from './modules/api-keys/index.js'
import { companiesRoutes } from './modules/companies/index.js'
import { companyTokensRoutes } from './modules/company-tokens/index.js'
import { corsSettingsRoutes } from './modules/cors-settings/index.js'
import { consentKeysRoutes, consentReceiptsRoutes } from './modules/consent-receipts/index.js'
import { healthRoutes } from './modules/health/index.js'
import { connectionsRoutes } from './modules/connections/index.js'
import { integrationAssetsRoutes, integrationsRoutes } from './modules/integrations/index.js'
import { embeddedLinkAssetRoutes, hostedLinkApiRoutes, hostedLinkPageRoutes, linkPreviewRoutes } from './modules/hosted-link/index.js'
import { linkFlowRoutes } from './modules/link/index.js'
import { linkSettingsRoutes } from './modules/link-settings/index.js'
import { clientLogoAssetsRoutes, profileRoutes } from './modules/profile/index.js'
import { dataRoutes, syncRoutes } from './modules/sync/index.js'
import { createAppServices } from './app-services.js'
import { webhooksRoutes } from './modules/webhooks/index.js'
import { filesRoutes, linkFileRoutes } from './modules/files/index.js'
import { portalUsersRoutes } from './modules/portal-users/index.js'
import { portalPageRoutes } from './modules/portal-pages/index.js'

/** The Link component's bundle, built by `npm run build` into packages/link-ui (same depth from src/ and dist/). */
export const LINK_BUNDLE_PATH = fileURLToPath(new URL('../../../packages/link-ui/dist-bundle/link.js', import.meta.url))
/** The Portal's pages, built by the same script into packages/portal-ui. */
export const PORTAL_BUNDLE_DIR = fileURLToPath(new URL('../../../packages/portal-ui/dist-bundle', import.meta.url))

/** Log redaction: secrets have one exit, and the log is not it. */
export const REDACTED_LOG_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.apiKey', '*.accessToken', '*.refreshToken', '*.clientSecret', '*.password', '*.csrfToken', '*.token']

/**
 * While the server shuts down, the responses still in flight say `Connection: close`, so their
 * keep-alive sockets end with them instead of holding the shutdown open.
 */
function closeConnectionsWhenClosing(app: FastifyInstance): void {
  let isClosing = false
  app.addHook('preClose', async () => {
    isClosing = true
  })
  // A callback hook: it runs on every answer and has nothing to wait for.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (isClosing) reply.header('connection', 'close')
    done(null, payload)
  })
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { clock, ids, config } = deps
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            redact: REDACTED_LOG_PATHS,
            serializers: { req: (request: { method: string; url: string; ip?: string }) => ({ method: request.method, url: loggedUrl(request.url), remoteAddress: request.ip }) },
            stream: logDestination(config.logFormat),
          },
    bodyLimit: BODY_LIMIT_BYTES,
    // X-Forwarded-For is believed only from the proxies TRUST_PROXY names, so request.ip (what the
    // per-address limits count) cannot be chosen by a client that sends the header itself.
    ...(config.trustProxy.length > 0 ? { trustProxy: config.trustProxy } : {}),
    genReqId: () => ids.uuid(),
    logController: new LogController({ requestIdLogLabel: 'correlationId' }),
    // Wrong JSON is a 400 in our error body; prototype poisoning is refused outright.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    frameworkErrors: sendFrameworkError,
    clientErrorHandler: answerClientError(() => ids.uuid()),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH, querystringParser: parseQueryString },
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  registerErrorHandling(app)
  acceptEmptyJsonBodies(app)
  // Fastify reads text/plain by default; the API takes JSON only (415 otherwise), and text/plain is
  // the body another site's page can send without a preflight, so nothing of ours reads one. An
  // empty one is no body: fetch(url, { method: 'POST', body: '' }) labels its nothing text/plain.
  // Decided by the declared length (none, and not chunked, is none), before anything is read.
  app.removeContentTypeParser('text/plain')
  app.addContentTypeParser('text/plain', (request, _payload, done) => {
    const length = request.headers['content-length']
    if (length === '0' || (length === undefined && request.headers['transfer-encoding'] === undefined)) return done(null, undefined)
    done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(request.headers['content-type']), undefined)
  })
  closeConnectionsWhenClosing(app)
  await registerOpenApi(app, config.publicUrl)

  const services = createAppServices(deps)

  await app.register(healthRoutes(services.health))
  registerFavicon(app)
  // The embeddable component's script (/sdk/*): any page may load it.
  registerSdkCors(app)
  await app.register(integrationAssetsRoutes(services.integrations))
  await app.register(clientLogoAssetsRoutes(services.profile))
  await app.register(linkFlowRoutes(services.link))
  await app.register(consentKeysRoutes(services.consentReceipts))
  await app.register(embeddedLinkAssetRoutes({ sdkDir: join(dirname(deps.linkBundlePath ?? LINK_BUNDLE_PATH), 'sdk') }))
  await app.register(hostedLinkPageRoutes(services.hosted, { publicUrl: config.publicUrl, pageTokens: services.linkPageTokens, bundlePath: deps.linkBundlePath ?? LINK_BUNDLE_PATH, rateLimits: services.rateLimits }))
  await app.register(hostedLinkApiRoutes(services.hosted, { publicUrl: config.publicUrl, pageTokens: services.linkPageTokens, rateLimits: services.rateLimits, guardedRoutes: [linkFileRoutes(services.files)] }))

  app.decorateRequest('portalSession', null)
  await app.register(portalUsersRoutes(services.portalUsers, config.publicUrl))
  await app.register(portalPageRoutes({ bundleDir: deps.portalBundleDir ?? PORTAL_BUNDLE_DIR }))

  await app.register(async (api) => {
    requireApiKey(api, services.apiKeys, services.rateLimits, { portal: services.portalUsers, audit: services.auditLog })
    limitClientRequests(api, services.rateLimits)
    await api.register(apiKeysRoutes(services.apiKeys))
    await api.register(companiesRoutes(services.companies, services.linkUrls))
    await api.register(companyTokensRoutes(services.companyTokens))
    await api.register(corsSettingsRoutes(services.corsSettings))
    await api.register(connectionsRoutes(services.connections, services.linkUrls))
    await api.register(consentReceiptsRoutes(services.consentReceipts))
    await api.register(integrationsRoutes(services.integrations, services.credentials))
    await api.register(profileRoutes(services.profile))
    await api.register(syncRoutes(services.sync, services.syncSettings))
    await api.register(dataRoutes(services.data))
    await api.register(linkSettingsRoutes(services.linkSettings, clock, config.publicUrl))
    await api.register(linkPreviewRoutes(services.hosted, services.linkSettings))
    await api.register(webhooksRoutes(services.webhookConsumers, services.deliveryLog))
    await api.register(filesRoutes(services.files))
  })

  return app
}

/** @module Checks a platform definition once, at import, so a typo in the catalogue fails the build and not a person's sign-in. */
import { parseConnectionParameter } from './connection-parameters.js'
import { FEATURE_STATES, FEATURE_TYPES, SOURCE_TYPES, type ConnectorDefinition, type OAuth2Auth } from './connector.js'
import { deepFreeze } from './deep-freeze.js'
import { fillUrlTemplate, placeholdersOf } from './url-template.js'

/** Thrown by defineConnector; `problems` lists every fault found, not only the first. */
export class ConnectorDefinitionError extends Error {
  constructor(
    readonly key: string,
    readonly problems: readonly string[],
  ) {
    super(`Connector ${key} is not valid: ${problems.join('; ')}`)
    this.name = 'ConnectorDefinitionError'
  }
}

const KEY = /^[a-z]{4}$/
const COLOR = /^#[0-9a-fA-F]{6}$/
const MONOGRAM = /^[A-Za-z0-9]{1,3}$/
const PARAMETER_NAME = /^[a-z][A-Za-z0-9]*$/
const SANDBOX_PLACEHOLDER = 'sandboxUrl'
// Stands in for the sandbox base URL while checking that a sandbox URL is otherwise well formed.
const SAMPLE_SANDBOX_URL = 'https://sandbox.example'
/** Parameters Linkway itself puts on the authorize URL; a definition overriding one would break the flow. */
const RESERVED_AUTHORIZE_PARAMS = ['client_id', 'redirect_uri', 'response_type', 'state', 'scope', 'code_challenge', 'code_challenge_method']
/** Callback parameters Linkway reads itself; they are never connection data. */
const RESERVED_CALLBACK_PARAMS = ['code', 'state', 'error', 'error_description']

/**
 * Validates a platform definition and returns it, deeply frozen.
 *
 * @example
 * export const xero = defineConnector({ key: 'gbol', name: 'Xero', sourceType: 'Accounting', auth: { kind: 'oauth2', … }, … })
 * @throws ConnectorDefinitionError listing every problem, e.g. `Connector gbol is not valid: auth.tokenUrl must be an https URL, got "http://identity.xero.com/connect/token"`
 */
export function defineConnector(definition: ConnectorDefinition): ConnectorDefinition {
  const problems: string[] = []
  const { key, name, sourceType, auth, brand } = definition

  if (!KEY.test(key)) problems.push(`key must be 4 lowercase letters, got ${JSON.stringify(key)}`)
  if (!name.trim()) problems.push('name is required')
  if (!SOURCE_TYPES.includes(sourceType)) problems.push(`sourceType must be one of ${SOURCE_TYPES.join(', ')}, got ${JSON.stringify(sourceType)}`)
  if (!definition.dataProvidedBy.trim()) problems.push('dataProvidedBy is required')

  if (definition.isOfflineConnector !== (auth.kind === 'offline')) {
    problems.push("isOfflineConnector must be true exactly when auth.kind is 'offline'")
  }
  if (auth.kind === 'offline') {
    if (definition.isSandbox) problems.push('a sandbox connector must use oauth2 auth')
    if (!auth.instructions.trim()) problems.push('auth.instructions is required for an offline connector')
  } else {
    checkOAuth2(auth, definition.isSandbox, problems)
  }

  checkDatatypeFeatures(definition, problems)
  if (definition.apiBaseUrl !== undefined) checkApiBaseUrl(definition, definition.apiBaseUrl, problems)
  if (definition.apiTokenHeader !== undefined && !/^[A-Za-z][A-Za-z0-9-]*$/.test(definition.apiTokenHeader)) {
    problems.push(`apiTokenHeader must be an HTTP header name, got ${JSON.stringify(definition.apiTokenHeader)}`)
  }

  if (!COLOR.test(brand.primaryColor)) problems.push(`brand.primaryColor must be #rrggbb, got ${JSON.stringify(brand.primaryColor)}`)
  if (!COLOR.test(brand.textColor)) problems.push(`brand.textColor must be #rrggbb, got ${JSON.stringify(brand.textColor)}`)
  if (!MONOGRAM.test(brand.monogram)) problems.push(`brand.monogram must be 1 to 3 letters or digits, got ${JSON.stringify(brand.monogram)}`)

  if (problems.length > 0) throw new ConnectorDefinitionError(key, problems)
  return deepFreeze(definition)
}

/**
 * The data API base: https (a sandbox's under {sandboxUrl}/), no query, and placeholders only for
 * what a connection knows once linked: its connection parameters and the values kept into connectionInfo.
 */
function checkApiBaseUrl(definition: ConnectorDefinition, template: string, problems: string[]): void {
  const auth = definition.auth
  const known = new Set<string>(
    auth.kind === 'oauth2'
      ? [...auth.connectionParameters.map((parameter) => parameter.name), ...auth.callbackParameters, ...(auth.tokenResponseParameters ?? []), ...(auth.afterCallback ? [auth.afterCallback.connectionInfoKey] : [])]
      : [],
  )
  const placeholders = placeholdersOf(template)
  if (definition.isSandbox && !template.startsWith(`{${SANDBOX_PLACEHOLDER}}/`)) problems.push(`apiBaseUrl of a sandbox connector must start with {${SANDBOX_PLACEHOLDER}}/, got ${JSON.stringify(template)}`)
  const unknown = placeholders.filter((name) => !(definition.isSandbox && name === SANDBOX_PLACEHOLDER) && !known.has(name))
  if (unknown.length > 0) problems.push(`apiBaseUrl uses ${unknown.map((name) => `{${name}}`).join(', ')}, which the connection does not know`)
  const samples = Object.fromEntries(placeholders.map((name) => [name, 'sample']))
  const filled = fillUrlTemplate(template.replaceAll(`{${SANDBOX_PLACEHOLDER}}`, SAMPLE_SANDBOX_URL), samples)
  if (!URL.canParse(filled) || new URL(filled).protocol !== 'https:' || new URL(filled).search || filled.endsWith('/')) {
    problems.push(`apiBaseUrl must be an https URL without a query or a trailing slash, got ${JSON.stringify(template)}`)
  }
}

function checkOAuth2(auth: OAuth2Auth, isSandbox: boolean, problems: string[]): void {
  const parameterNames = new Set<string>()
  for (const parameter of auth.connectionParameters) {
    const at = `connection parameter ${JSON.stringify(parameter.name)}`
    if (!PARAMETER_NAME.test(parameter.name) || parameter.name === SANDBOX_PLACEHOLDER) {
      problems.push(`${at}: the name must be camelCase letters and digits, and not ${SANDBOX_PLACEHOLDER}`)
    }
    if (parameterNames.has(parameter.name)) problems.push(`${at} is declared twice`)
    parameterNames.add(parameter.name)
    if (!parameter.label.trim() || !parameter.description.trim()) problems.push(`${at}: label and description are required`)
    const compiles = isValidRegExp(parameter.pattern)
    if (!compiles) problems.push(`${at}: pattern is not a valid regular expression`)
    if (compiles && parseConnectionParameter(parameter, parameter.example) === undefined) {
      problems.push(`${at}: the example ${JSON.stringify(parameter.example)} does not match the pattern`)
    }
  }

  // Connection parameters stand in for their examples, so a URL is checked as a person would get it
  // (a bad example is reported above, and stands in as "x" so it is not reported twice).
  const samples: Record<string, string> = {}
  for (const parameter of auth.connectionParameters) {
    samples[parameter.name] = (isValidRegExp(parameter.pattern) && parseConnectionParameter(parameter, parameter.example)) || 'x'
  }
  const used = new Set<string>()
  /** `inFlow`: a URL Linkway calls or sends the person to, so it may hold placeholders and, in a sandbox, must be under {sandboxUrl}. */
  const urlProblem = (field: string, template: string, inFlow: boolean): string | undefined => {
    const placeholders = placeholdersOf(template)
    for (const placeholder of placeholders) used.add(placeholder)
    if (!inFlow && placeholders.length > 0) return `${field} may not contain placeholders, got ${JSON.stringify(template)}`
    if (inFlow && isSandbox && !template.startsWith(`{${SANDBOX_PLACEHOLDER}}/`)) {
      return `${field} of a sandbox connector must start with {${SANDBOX_PLACEHOLDER}}/, got ${JSON.stringify(template)}`
    }
    if (!isSandbox && placeholders.includes(SANDBOX_PLACEHOLDER)) return `${field} of a real platform may not use {${SANDBOX_PLACEHOLDER}}, got ${JSON.stringify(template)}`
    const unknown = placeholders.filter((placeholder) => !(isSandbox && placeholder === SANDBOX_PLACEHOLDER) && !parameterNames.has(placeholder))
    if (unknown.length > 0) return `${field} uses ${unknown.map((name) => `{${name}}`).join(', ')}, which is not a declared connection parameter`
    const filled = fillUrlTemplate(template.replaceAll(`{${SANDBOX_PLACEHOLDER}}`, SAMPLE_SANDBOX_URL), samples)
    if (!URL.canParse(filled) || new URL(filled).protocol !== 'https:') return `${field} must be an https URL, got ${JSON.stringify(template)}`
    return undefined
  }
  const urls: Array<[field: string, template: string | undefined, inFlow: boolean]> = [
    ['auth.authorizeUrl', auth.authorizeUrl, true],
    ['auth.tokenUrl', auth.tokenUrl, true],
    ['auth.revokeUrl', auth.revokeUrl, true],
    ['auth.afterCallback.tenantsUrl', auth.afterCallback?.tenantsUrl, true],
    ['auth.idToken.jwksUrl', auth.idToken?.jwksUrl, true],
    // The portal link is documentation for the developer, never part of the sandbox or a person's flow.
    ['auth.developerPortalUrl', auth.developerPortalUrl, false],
  ]
  for (const [field, template, inFlow] of urls) {
    const problem = template === undefined ? undefined : urlProblem(field, template, inFlow)
    if (problem) problems.push(problem)
  }
  for (const name of parameterNames) {
    if (!used.has(name)) problems.push(`connection parameter ${JSON.stringify(name)} is asked for but no URL uses {${name}}`)
  }

  if (auth.revokeRequest !== undefined && auth.revokeUrl === undefined) problems.push('auth.revokeRequest is set without auth.revokeUrl')
  // Plain http is an install's choice (a sandbox, an emulation), made in createCatalogue; a platform's own definition never opts in.
  if (auth.allowPlainHttp !== undefined || auth.afterCallback?.allowPlainHttp !== undefined) problems.push('auth.allowPlainHttp is set by createCatalogue, never by a definition')

  for (const scope of auth.scopes) {
    if (!scope || /\s/.test(scope) || scope.includes(auth.scopeSeparator)) {
      problems.push(`scope ${JSON.stringify(scope)} must be non-empty and contain neither whitespace nor the separator ${JSON.stringify(auth.scopeSeparator)}`)
    }
  }
  if (new Set(auth.scopes).size !== auth.scopes.length) problems.push('auth.scopes lists a scope twice')

  for (const param of Object.keys(auth.authorizeParams)) {
    if (RESERVED_AUTHORIZE_PARAMS.includes(param)) problems.push(`auth.authorizeParams may not set ${param}: Linkway sets it`)
  }
  for (const param of auth.callbackParameters) {
    if (!param || RESERVED_CALLBACK_PARAMS.includes(param)) problems.push(`auth.callbackParameters may not keep ${JSON.stringify(param)}`)
  }
  const pick = auth.afterCallback
  if (pick && (!pick.idField || !pick.nameField || !pick.connectionInfoKey)) {
    problems.push('auth.afterCallback needs idField, nameField and connectionInfoKey')
  }
}

function checkDatatypeFeatures(definition: ConnectorDefinition, problems: string[]): void {
  const seen = new Set<string>()
  for (const { datatype, supportedFeatures } of definition.datatypeFeatures) {
    if (!datatype) problems.push('a datatypeFeatures entry has no datatype')
    if (seen.has(datatype)) problems.push(`datatype ${JSON.stringify(datatype)} is listed twice`)
    seen.add(datatype)
    const featureTypes = new Set<string>()
    for (const { featureType, featureState } of supportedFeatures) {
      if (!FEATURE_TYPES.includes(featureType) || !FEATURE_STATES.includes(featureState)) {
        problems.push(`datatype ${JSON.stringify(datatype)} has an unknown feature ${JSON.stringify(`${featureType}/${featureState}`)}`)
      }
      if (featureTypes.has(featureType)) problems.push(`datatype ${JSON.stringify(datatype)} lists ${featureType} twice`)
      featureTypes.add(featureType)
    }
  }
}

function isValidRegExp(source: string): boolean {
  try {
    new RegExp(source)
    return true
  } catch {
    return false
  }
}

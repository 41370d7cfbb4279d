/**
 * @module Embedded Link's `options` (CodatLinkOptions of `@codat/sdk-link-types`) over the client's
 * Link settings: what the host page asks for wins, on this page only. Pure: the session in, the
 * session out, and the list of what could not be used (reported through `onError`). Options this
 * module does not know are ignored, as the reference's SDK ignores them.
 *
 * What Linkway does with each option is listed in docs/embedded-link.md ("Options").
 */
import type { LinkCategory, LinkSessionView } from '@linkway/contracts'
import type { Messages } from './i18n/en.js'

/** The categories `sourceTypes` may name; business documents are files only. */
const SOURCE_TYPE_KEYS = ['accounting', 'banking', 'commerce', 'businessDocuments'] as const
const PLATFORM_CATEGORIES: readonly LinkCategory[] = ['accounting', 'banking', 'commerce']
const CONSENT_TEXTS = ['title', 'subtitle', 'termsAndConditions', 'purpose', 'access', 'accountInformation', 'retention'] as const
type ConsentText = (typeof CONSENT_TEXTS)[number]

export interface EmbeddedOptions {
  /** The session as the options want it. */
  adapt(session: LinkSessionView): LinkSessionView
  /** The component's own words the options replace (buttons, titles), in any language's dictionary. */
  adaptMessages(t: Messages): Messages
  /** Each option that had the wrong type or shape, in words, for `onError`. */
  problems: string[]
  /** Whether the consent screen still says what the client's settings say (a receipt can be signed). */
  signsConsent: boolean
  hideBorder: boolean
  showSandboxIntegrations?: boolean
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string')

/**
 * @example
 * const options = readEmbeddedOptions({ showLandingPage: true, theme: { colors: { primary: '#0a7d38' } } })
 * options.adapt(session).settings.landingPage.enabled // true
 */
export function readEmbeddedOptions(raw: unknown): EmbeddedOptions {
  const problems: string[] = []
  const changes: Array<(session: LinkSessionView) => LinkSessionView> = []
  let signsConsent = true
  const options = raw === undefined || raw === null ? {} : raw
  if (!isRecord(options)) {
    return { adapt: (session) => session, adaptMessages: (t) => t, problems: ['options must be an object'], signsConsent, hideBorder: false }
  }
  const flag = (name: string): boolean | undefined => {
    const value = options[name]
    if (value === undefined) return undefined
    if (typeof value === 'boolean') return value
    problems.push(`options.${name} must be true or false`)
    return undefined
  }

  // `nonModal` (deprecated) meant what `hideBorder` does now.
  const hideBorder = flag('hideBorder') ?? flag('nonModal') ?? false
  const showSandboxIntegrations = flag('showSandboxIntegrations')
  flag('enableAdditionalConsent')
  flag('enableMultiEntityLinking')

  const showLandingPage = flag('showLandingPage')
  if (showLandingPage !== undefined) changes.push((session) => withSettings(session, { landingPage: { ...session.settings.landingPage, enabled: showLandingPage } }))

  const primary = isRecord(options.theme) && isRecord(options.theme.colors) ? options.theme.colors.primary : undefined
  if (primary !== undefined) {
    if (typeof primary === 'string' && /^#[0-9a-fA-F]{6}$/.test(primary)) {
      changes.push((session) => withSettings(session, { branding: { ...session.settings.branding, primaryColor: primary } }))
    } else problems.push('options.theme.colors.primary must be a colour such as #2748c4')
  }

  if (options.sourceTypes !== undefined) {
    const sourceTypes = readSourceTypes(options.sourceTypes, problems)
    if (sourceTypes) {
      if (Object.values(sourceTypes).some((sourceType) => sourceType.dataTypes !== undefined)) signsConsent = false
      changes.push((session) => applySourceTypes(session, sourceTypes))
    }
  }

  let words: ReturnType<typeof readWords> = {}
  if (options.text !== undefined) {
    if (!isRecord(options.text)) problems.push('options.text must be an object of texts')
    else {
      const text = readTexts(options.text, problems)
      words = readWords(options.text, problems)
      // The client's name is in the consent texts' placeholders too.
      if (text.companyName !== undefined) signsConsent = false
      if (text.consent && Object.keys(text.consent).length > 0) signsConsent = false
      if (text.dataTypes && Object.keys(text.dataTypes).length > 0) signsConsent = false
      changes.push((session) => applyTexts(session, text))
    }
  }

  return {
    adapt: (session) => changes.reduce((adapted, change) => change(adapted), session),
    adaptMessages: (t) => applyWords(t, words),
    problems,
    signsConsent,
    hideBorder,
    ...(showSandboxIntegrations !== undefined ? { showSandboxIntegrations } : {}),
  }
}

function withSettings(session: LinkSessionView, settings: Partial<LinkSessionView['settings']>): LinkSessionView {
  return { ...session, settings: { ...session.settings, ...settings } }
}

interface SourceTypeOption {
  optional: boolean
  enableIntegrations: boolean
  enableFileUpload?: boolean
  allowedIntegrations?: string[]
  dataTypes?: string[]
}

function readSourceTypes(value: unknown, problems: string[]): Partial<Record<(typeof SOURCE_TYPE_KEYS)[number], SourceTypeOption>> | undefined {
  if (!isRecord(value)) {
    problems.push('options.sourceTypes must be an object')
    return undefined
  }
  const read: Partial<Record<(typeof SOURCE_TYPE_KEYS)[number], SourceTypeOption>> = {}
  const problemsBefore = problems.length
  for (const key of SOURCE_TYPE_KEYS) {
    const given = value[key]
    if (given === undefined) continue
    const at = `options.sourceTypes.${key}`
    if (!isRecord(given) || typeof given.optional !== 'boolean') {
      problems.push(`${at} must be an object with optional: true or false`)
      continue
    }
    const enableIntegrations = key === 'businessDocuments' ? false : given.enableIntegrations
    if (typeof enableIntegrations !== 'boolean') {
      problems.push(`${at}.enableIntegrations must be true or false`)
      continue
    }
    const option: SourceTypeOption = { optional: given.optional, enableIntegrations }
    if (given.enableFileUpload !== undefined) {
      if (typeof given.enableFileUpload === 'boolean') option.enableFileUpload = given.enableFileUpload
      else problems.push(`${at}.enableFileUpload must be true or false`)
    }
    for (const list of ['allowedIntegrations', 'dataTypes'] as const) {
      if (given[list] === undefined) continue
      if (isStringArray(given[list])) option[list] = given[list]
      else problems.push(`${at}.${list} must be a list of strings`)
    }
    read[key] = option
  }
  // The list says what to show: with a part of it unreadable, showing the rest would hide what was meant to show.
  return problems.length === problemsBefore ? read : undefined
}

/**
 * `sourceTypes` lists every category to show: one left out is not shown. File upload can be turned
 * off here, not on: the server accepts files only for categories the client's settings open to them.
 */
function applySourceTypes(session: LinkSessionView, sourceTypes: Partial<Record<(typeof SOURCE_TYPE_KEYS)[number], SourceTypeOption>>): LinkSessionView {
  const settings = session.settings
  const categories = { ...settings.categories }
  const dataTypes = { ...settings.dataTypes }
  for (const key of PLATFORM_CATEGORIES) {
    const option = sourceTypes[key]
    const current = categories[key]
    const canUpload = 'enableFileUpload' in current ? current.enableFileUpload : false
    const enableFileUpload = canUpload && (option?.enableFileUpload ?? true)
    const shown = { enabled: current.enabled && option !== undefined && (option.enableIntegrations || enableFileUpload), optional: option?.optional ?? current.optional }
    if (key === 'commerce') categories.commerce = { ...categories.commerce, ...shown }
    else categories[key] = { ...categories[key], ...shown, enableFileUpload }
    if (option?.dataTypes) dataTypes[key] = option.dataTypes
  }
  const documents = sourceTypes.businessDocuments
  categories.businessDocuments = { ...categories.businessDocuments, enabled: categories.businessDocuments.enabled && documents !== undefined && documents.enableFileUpload !== false, optional: documents?.optional ?? categories.businessDocuments.optional }
  const offers = session.categories
    .filter((offer) => categories[offer.category].enabled)
    .map((offer) => {
      const option = sourceTypes[offer.category]
      const integrations = !option?.enableIntegrations ? [] : option.allowedIntegrations ? offer.integrations.filter((integration) => option.allowedIntegrations!.includes(integration.key)) : offer.integrations
      return { ...offer, optional: categories[offer.category].optional, integrations }
    })
  return { ...session, categories: offers, settings: { ...settings, categories, dataTypes } }
}

interface TextOptions {
  companyName?: string
  landingTitle?: string
  landingBody?: string
  consent?: Partial<Record<ConsentText, string>>
  dataTypes?: Partial<Record<LinkCategory, string[]>>
}

/**
 * The reference's text keys Linkway has a place for. Consent texts are one set for every
 * category here (the Link settings' `consent`): the same key for two categories must agree.
 */
function readTexts(text: Record<string, unknown>, problems: string[]): TextOptions {
  const read: TextOptions = {}
  const string = (key: string): string | undefined => {
    const value = text[key]
    if (value === undefined) return undefined
    if (typeof value === 'string') return value
    problems.push(`options.text["${key}"] must be a string`)
    return undefined
  }
  const companyName = string('companyName')
  if (companyName !== undefined) read.companyName = companyName
  const landingTitle = string('landing.title')
  if (landingTitle !== undefined) read.landingTitle = landingTitle
  const landingBody = string('landing.subtitle')
  if (landingBody !== undefined) read.landingBody = landingBody
  const consent: Partial<Record<ConsentText, string>> = {}
  const dataTypes: Partial<Record<LinkCategory, string[]>> = {}
  for (const category of PLATFORM_CATEGORIES) {
    const keys: Array<[ConsentText, string]> = [
      ...CONSENT_TEXTS.map((name): [ConsentText, string] => [name, `${category}.consents.${name}`]),
      // Deprecated names the reference still reads.
      ['termsAndConditions', `${category}.dataAccess.consent`],
    ]
    for (const [name, key] of keys) {
      const value = string(key)
      if (value === undefined) continue
      if (consent[name] !== undefined && consent[name] !== value) problems.push(`options.text["${key}"] differs from another category's; Linkway shows one consent text for all categories`)
      else consent[name] = value
    }
    const deprecatedTypes = text[`${category}.dataAccess.dataTypes`]
    if (deprecatedTypes !== undefined) {
      if (isStringArray(deprecatedTypes)) dataTypes[category] = deprecatedTypes
      else problems.push(`options.text["${category}.dataAccess.dataTypes"] must be a list of strings`)
    }
  }
  read.consent = consent
  read.dataTypes = dataTypes
  return read
}

function applyTexts(session: LinkSessionView, text: TextOptions): LinkSessionView {
  const settings = session.settings
  return {
    ...session,
    client: text.companyName !== undefined ? { ...session.client, name: text.companyName } : session.client,
    settings: {
      ...settings,
      landingPage: { ...settings.landingPage, ...(text.landingTitle !== undefined ? { title: text.landingTitle } : {}), ...(text.landingBody !== undefined ? { body: text.landingBody } : {}) },
      consent: { ...settings.consent, ...text.consent },
      dataTypes: { ...settings.dataTypes, ...text.dataTypes },
    },
  }
}

/**
 * Text keys that name the component's own words rather than a Link setting: shown as given, as
 * plain text (escaped), in whatever language the person reads.
 */
interface Words {
  getStarted?: string
  categoriesTitle?: string
  categoriesIntro?: string
  allowAccess?: string
  uploadIntro?: Partial<Record<'accounting' | 'banking' | 'businessDocuments', string>>
}

function readWords(text: Record<string, unknown>, problems: string[]): Words {
  const words: Words = {}
  const string = (key: string): string | undefined => (typeof text[key] === 'string' ? (text[key] as string) : undefined)
  const landingButton = string('landing.nextButton')
  if (landingButton !== undefined) words.getStarted = landingButton
  const mainTitle = string('main.title')
  if (mainTitle !== undefined) words.categoriesTitle = mainTitle
  const mainSubtitle = string('main.subtitle')
  if (mainSubtitle !== undefined) words.categoriesIntro = mainSubtitle
  for (const category of PLATFORM_CATEGORIES) {
    for (const key of [`${category}.consents.nextButton`, `${category}.dataAccess.nextButton`]) {
      const value = string(key)
      if (value === undefined) continue
      if (words.allowAccess !== undefined && words.allowAccess !== value) problems.push(`options.text["${key}"] differs from another category's; Linkway shows one Allow button text for all categories`)
      else words.allowAccess = value
    }
  }
  for (const category of ['accounting', 'banking', 'businessDocuments'] as const) {
    const value = string(`${category}.fileUpload.subtitle`)
    if (value !== undefined) words.uploadIntro = { ...words.uploadIntro, [category]: value }
  }
  for (const key of ['landing.nextButton', 'main.title', 'main.subtitle']) if (text[key] !== undefined && typeof text[key] !== 'string') problems.push(`options.text["${key}"] must be a string`)
  return words
}

function applyWords(t: Messages, words: Words): Messages {
  if (Object.keys(words).length === 0) return t
  const { uploadIntro, ...plain } = words
  return { ...t, ...plain, fileUpload: { ...t.fileUpload, intro: { ...t.fileUpload.intro, ...uploadIntro } } }
}

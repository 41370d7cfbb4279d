/**
 * @module The consent screen's texts as the person reads them: the client's text or the default in
 * the person's language, placeholders filled, Markdown reduced to its words. The Link component
 * sends this with Allow access, and the server computes it again from the same settings
 * (`@linkway/link-ui/consent-texts`) to refuse texts the client never configured. Pure: no DOM, no I/O.
 */
import type { LinkCategory, LinkSessionView, RenderedConsentTexts } from '@linkway/contracts'
import { humaniseDataType } from './data-types.js'
import type { Messages } from './i18n/en.js'
import { textOrDefault, type TextVars } from './interpolate.js'
import { interpolateMarkdown, parseMarkdown, type MarkdownBlock, type MarkdownInline } from './markdown.js'

export type { RenderedConsentTexts }

/** The session, the language and the platform: everything the consent screen is drawn from. */
export interface ConsentTextsInput {
  session: Pick<LinkSessionView, 'settings' | 'company' | 'client' | 'categories' | 'connections'>
  lang: LinkSessionView['lang']
  category: LinkCategory
  platformKey: string
}

/**
 * The platform's name as the consent screen shows it: the offered integration's, else (reconnecting
 * a platform no longer offered) the connection's, else the key.
 */
export function consentPlatformName(session: ConsentTextsInput['session'], category: LinkCategory, platformKey: string): string {
  const integration = session.categories.find((offer) => offer.category === category)?.integrations.find((candidate) => candidate.key === platformKey)
  const connection = session.connections.find((candidate) => candidate.integrationKey === platformKey)
  return integration?.name ?? connection?.platformName ?? platformKey
}

/**
 * The texts in the dictionary `t` (the person's language): the component passes the one it
 * carries; `renderConsentTexts` (consent-texts-all.ts) picks it from all three, as the server does.
 *
 * @example renderConsentTextsIn(en, { session, lang: 'en', category: 'accounting', platformKey: 'mqjo' }).title
 * // 'Connect Sandbox'
 */
export function renderConsentTextsIn(t: Messages, { session, category, platformKey }: ConsentTextsInput): RenderedConsentTexts {
  const consent = session.settings.consent
  const vars: TextVars = { companyName: session.company.name, clientName: session.client.name, platformName: consentPlatformName(session, category, platformKey) }
  const header = (key: keyof typeof t.consentHeaders) => textOrDefault(consent.headers[key], t.consentHeaders[key])
  const section = (key: 'purpose' | 'access' | 'accountInformation' | 'retention') => ({ heading: header(key), text: blockText(textOrDefault(consent[key], t.consentTexts[key]), vars) })
  return {
    title: inlineText(textOrDefault(consent.title, t.consentTitle), vars),
    subtitle: blockText(textOrDefault(consent.subtitle, t.consentSubtitle), vars),
    purpose: section('purpose'),
    access: section('access'),
    accountInformation: section('accountInformation'),
    platformData: { heading: header('platformData'), items: session.settings.dataTypes[category].map((dataType) => humaniseDataType(dataType, t.dataTypes)) },
    retention: section('retention'),
    termsAndConditions: blockText(textOrDefault(consent.termsAndConditions, t.consentTexts.termsAndConditions), vars),
  }
}

const render = (blocks: MarkdownBlock[], vars: TextVars) => interpolateMarkdown(blocks, vars)

function inlineWords(nodes: MarkdownInline[]): string {
  return nodes.map((node) => (node.type === 'text' ? node.text : node.type === 'link' ? `${inlineWords(node.children)} <${node.href}>` : inlineWords(node.children))).join('')
}

/** Block Markdown as words: paragraphs apart by a blank line, list items as `- item`. */
export function blockText(source: string, vars: TextVars): string {
  return render(parseMarkdown(source), vars)
    .map((block) => (block.type === 'paragraph' ? inlineWords(block.children) : block.items.map((item) => `- ${inlineWords(item)}`).join('\n')))
    .join('\n\n')
}

/** A heading's Markdown as words on one line, as `MarkdownInlineText` shows it. */
export function inlineText(source: string, vars: TextVars): string {
  return render(parseMarkdown(source), vars)
    .map((block) => (block.type === 'paragraph' ? inlineWords(block.children) : block.items.map(inlineWords).join(' ')))
    .join(' ')
}

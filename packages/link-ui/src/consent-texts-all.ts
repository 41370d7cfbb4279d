/**
 * @module `@linkway/link-ui/consent-texts`: the consent screen's texts in any of the three
 * languages, for the server, which checks what a Link page says it showed against them.
 */
import type { RenderedConsentTexts } from '@linkway/contracts'
import { renderConsentTextsIn, type ConsentTextsInput } from './consent-texts.js'
import { MESSAGES } from './i18n/index.js'

export { blockText, consentPlatformName, inlineText, renderConsentTextsIn, type ConsentTextsInput, type RenderedConsentTexts } from './consent-texts.js'

/**
 * @example renderConsentTexts({ session, lang: 'en', category: 'accounting', platformKey: 'mqjo' }).title
 * // 'Connect Sandbox'
 */
export function renderConsentTexts(input: ConsentTextsInput): RenderedConsentTexts {
  return renderConsentTextsIn(MESSAGES[input.lang], input)
}

/** @module The three dictionaries, and which one a person gets. */
import type { LinkLang } from '../types.js'
import { de } from './de.js'
import { en, type Messages } from './en.js'
import { fr } from './fr.js'

export type { Messages }

export const MESSAGES: Readonly<Record<LinkLang, Messages>> = { en, fr, de }

export function isLinkLang(value: unknown): value is LinkLang {
  return value === 'en' || value === 'fr' || value === 'de'
}

/**
 * The `lang` prop when it names a language we speak (`fr-CA` counts as `fr`), else the first of the
 * browser's languages we speak, else English.
 *
 * @example resolveLang(undefined, ['de-AT', 'en']) // 'de'
 */
export function resolveLang(requested: string | undefined, browserLanguages: readonly string[] = []): LinkLang {
  for (const candidate of [requested, ...browserLanguages]) {
    const primary = candidate?.trim().toLowerCase().split(/[-_]/)[0]
    if (isLinkLang(primary)) return primary
  }
  return 'en'
}

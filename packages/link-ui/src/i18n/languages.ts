/**
 * @module Which language a person gets, without any dictionary: the embedded SDK loads only the
 * one it needs (sdk-entry.ts), so this is apart from the three dictionaries in index.ts.
 */
import type { LinkLang } from '../types.js'

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

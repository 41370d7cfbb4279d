import { describe, expect, it } from 'vitest'
import { MESSAGES, resolveLang } from './i18n/index.js'

type Tree = { [key: string]: string | Tree }

/** Every leaf as `path → value`. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value)
    else for (const [path, leaf] of leaves(value, `${prefix}${key}.`)) out.set(path, leaf)
  }
  return out
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort()

describe('dictionaries', () => {
  const english = leaves(MESSAGES.en as unknown as Tree)

  for (const lang of ['fr', 'de'] as const) {
    const translated = leaves(MESSAGES[lang] as unknown as Tree)

    it(`${lang} has exactly the English keys`, () => {
      // Data type names aside: English reads most keys' own spelling, the other languages name them all (data-types.test.ts).
      const isDataTypeName = (path: string) => path.startsWith('dataTypes.')
      expect([...translated.keys()].filter((path) => !isDataTypeName(path)).sort()).toEqual([...english.keys()].filter((path) => !isDataTypeName(path)).sort())
      for (const path of english.keys()) if (isDataTypeName(path)) expect(translated.has(path), path).toBe(true)
    })

    it(`${lang} fills every text and keeps its placeholders`, () => {
      for (const [path, text] of english) {
        const translation = translated.get(path) ?? ''
        expect(translation.trim(), path).not.toBe('')
        expect(placeholders(translation), path).toEqual(placeholders(text))
      }
    })
  }

  it('has non-empty English texts', () => {
    for (const [path, text] of english) expect(text.trim(), path).not.toBe('')
  })
})

describe('resolveLang', () => {
  it('takes the lang prop when we speak it, regional variants included', () => {
    expect(resolveLang('fr', ['de'])).toBe('fr')
    expect(resolveLang('de-CH', [])).toBe('de')
    expect(resolveLang('FR_ca', [])).toBe('fr')
  })

  it('falls back to the browser’s languages, then to English', () => {
    expect(resolveLang(undefined, ['es-ES', 'de-AT', 'fr'])).toBe('de')
    expect(resolveLang('es', ['fr-FR'])).toBe('fr')
    expect(resolveLang(undefined, ['ja'])).toBe('en')
    expect(resolveLang(undefined)).toBe('en')
  })
})

/** @module Data type keys (`banking-transactions`, `chartOfAccounts`) as words a person reads. */

/**
 * The translated name when the dictionary has one for the key (without its `banking-` or
 * `commerce-` prefix), else the key itself in sentence case.
 *
 * @example humaniseDataType('banking-transactions', {}) // 'Transactions'
 * @example humaniseDataType('chartOfAccounts', {}) // 'Chart of accounts'
 */
export function humaniseDataType(key: string, names: Readonly<Record<string, string>>): string {
  const bare = key.replace(/^(accounting|banking|commerce)-/, '')
  // hasOwn: a key such as `constructor` must not find Object.prototype's.
  if (Object.hasOwn(names, bare)) return names[bare]!
  const words = bare
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((word) => (/^\p{Lu}+$/u.test(word) && word.length > 1 ? word : word.toLowerCase()))
  const sentence = words.join(' ')
  return sentence.charAt(0).toUpperCase() + sentence.slice(1)
}

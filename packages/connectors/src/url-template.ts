/** @module `{name}` placeholders in auth URLs, filled with URL-encoded values. */

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g

/** The placeholder names in a template, in order of appearance, each once. */
export function placeholdersOf(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(PLACEHOLDER), (match) => match[1]!))]
}

/**
 * Replaces every `{name}` in `template` with `values[name]`, URL-encoded so that a value can never
 * add a path, a query or another host.
 *
 * @example
 * fillUrlTemplate('https://{shop}.myshopify.com/admin/oauth/authorize', { shop: 'acme-outdoors' })
 * // 'https://acme-outdoors.myshopify.com/admin/oauth/authorize'
 * @throws when a placeholder has no value, or an empty one (it would build a URL such as `https://.myshopify.com`).
 */
export function fillUrlTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    // Own properties only: `{constructor}` must not be filled from Object.prototype.
    const value = Object.hasOwn(values, name) ? values[name] : undefined
    if (value === undefined || value === '') throw new Error(`The URL template ${template} needs a value for {${name}}`)
    return encodeURIComponent(value)
  })
}

/** @module `{name}` placeholders in texts: `{companyName}`, `{platformName}` and the few the defaults use. */

export type TextVars = Readonly<Record<string, string>>

/**
 * Replaces each `{name}` whose name is in `vars`; any other braces stay as written, so a client's
 * text with a typo shows the typo rather than silently losing words.
 *
 * @example interpolate('Connect {platformName}', { platformName: 'Xero' }) // 'Connect Xero'
 */
export function interpolate(text: string, vars: TextVars): string {
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => (Object.hasOwn(vars, name) ? vars[name]! : placeholder))
}

/** A client's text when it set one, else the default (an empty setting means "the default, translated"). */
export function textOrDefault(custom: string | undefined, fallback: string): string {
  return custom !== undefined && custom.trim() !== '' ? custom : fallback
}

/**
 * @module Whether a platform needs the "Sandbox" badge beside its name: a sandbox whose name
 * already says so ("Sandbox accounting") would read "Sandbox accounting Sandbox", so it gets none;
 * a sandbox named otherwise (a client's own test platform) keeps it, in the person's language.
 */
export function needsSandboxBadge(integration: { name: string; isSandbox: boolean }, badgeText: string): boolean {
  if (!integration.isSandbox) return false
  return !hasWord(integration.name, 'Sandbox') && !hasWord(integration.name, badgeText)
}

/** The word (or words) as a whole in the text, any case: "Sandboxed" does not say "Sandbox". */
function hasWord(text: string, word: string): boolean {
  const escaped = word.toLocaleLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(text.toLocaleLowerCase())
}

/**
 * Where sign-in may send a person back to: a Portal page of this site, nothing else (a crafted
 * `?next=//evil.example` or `/portal\..` must not leave it).
 */
export function safeReturnPath(next: string | null | undefined): string {
  const fallback = '/portal/companies'
  if (!next || (next !== '/portal' && !next.startsWith('/portal/') && !next.startsWith('/portal?'))) return fallback
  if (/[\\\s\u0000-\u001f]/.test(next) || next.includes('//')) return fallback
  if (next.startsWith('/portal/login') || next.startsWith('/portal/setup') || next.startsWith('/portal/invite')) return fallback
  return next
}

/** @module Reading one cookie from a request's `Cookie` header (the browser pages' only cookies are ours). */

/** The value of the first cookie called `name`, or undefined. */
export function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const trimmed = part.trim()
    if (trimmed.startsWith(`${name}=`)) return trimmed.slice(name.length + 1)
  }
  return undefined
}

/**
 * The value of the cookie called `name` when the request carries exactly one; undefined for none
 * or several. Several can only come from a cookie planted beside ours (another path or a parent
 * domain), and which one the browser sends first is the planter's choice: trust neither.
 */
export function soleCookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  let found: string | undefined
  for (const part of (cookieHeader ?? '').split(';')) {
    const trimmed = part.trim()
    if (!trimmed.startsWith(`${name}=`)) continue
    if (found !== undefined) return undefined
    found = trimmed.slice(name.length + 1)
  }
  return found
}

/** @module Reading one cookie from a request's `Cookie` header (the browser pages' only cookies are ours). */

/** The value of the first cookie called `name`, or undefined. */
export function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const trimmed = part.trim()
    if (trimmed.startsWith(`${name}=`)) return trimmed.slice(name.length + 1)
  }
  return undefined
}

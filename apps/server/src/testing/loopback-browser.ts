/**
 * @module The tests' "browser": it follows a journey by hand, one request at a time, and never leaves loopback (the
 * client's redirect is only read, as a Location header). Several older test files still hold a copy of these two.
 */

/** GETs a loopback URL without following its redirect; refuses any other host. */
export async function browse(url: string): Promise<Response> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`the test browser stays on loopback: ${url}`)
  return await fetch(url, { redirect: 'manual' })
}

/** Where a redirect points; fails the test when the answer is not one. */
export function locationOf(response: Response): string {
  const value = response.headers.get('location')
  if (!value) throw new Error(`expected a redirect, got ${response.status}`)
  return value
}

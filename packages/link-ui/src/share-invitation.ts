/** @module The e-mail a person sends a colleague who can sign in to the platform. */

/**
 * A `mailto:` URL with no recipient (the person picks one in their mail app). The body always ends
 * with the link, even when a client's own text forgot to mention it.
 *
 * @example buildMailtoUrl({ subject: 'Connect Toft', body: 'Open:', shareUrl: 'https://l.example/c/1' })
 * // 'mailto:?subject=Connect%20Toft&body=Open%3A%0D%0A%0D%0Ahttps%3A%2F%2Fl.example%2Fc%2F1'
 */
export function buildMailtoUrl(options: { subject: string; body: string; shareUrl: string }): string {
  const body = options.body.includes(options.shareUrl) ? options.body : `${options.body.trimEnd()}\n\n${options.shareUrl}`
  // encodeURIComponent, not URLSearchParams: mail apps read `+` as a plus sign, not a space.
  // Line breaks as CRLF, as RFC 6068 asks of a mailto body.
  return `mailto:?subject=${encodeURIComponent(options.subject)}&body=${encodeURIComponent(body.replace(/\r?\n/g, '\r\n'))}`
}

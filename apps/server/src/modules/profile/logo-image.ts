/**
 * @module What an uploaded logo is, read from its bytes (never only from the Content-Type it was
 * sent with), and the bytes Linkway will serve: PNG and JPEG as sent, SVG rebuilt by sanitizeSvg.
 */
import { sanitizeSvg } from './svg-logo.js'

export const LOGO_MAX_BYTES = 256 * 1024
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml'] as const
export type LogoType = (typeof LOGO_TYPES)[number]

const EXTENSIONS: Record<LogoType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/svg+xml': 'svg' }
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

export function extensionOf(type: LogoType): string {
  return EXTENSIONS[type]
}

export function isLogoType(value: string): value is LogoType {
  return (LOGO_TYPES as readonly string[]).includes(value)
}

/** The type the bytes are, by their signature: PNG's eight bytes, JPEG's FF D8 FF, or UTF-8 text whose first element is <svg>. */
export function sniffLogoType(bytes: Buffer): LogoType | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png'
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  const head = bytes.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '')
  // Past the XML declaration, comments, a DOCTYPE (which the sanitiser then refuses, saying why)
  // and whitespace, the first tag must be <svg.
  const start = head.replace(/^(\s|<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>)*/i, '')
  return /^<svg[\s>/]/.test(start) ? 'image/svg+xml' : undefined
}

export type CheckedLogo = { isAccepted: true; type: LogoType; content: Buffer; removed: string[] } | { isAccepted: false; reason: string }

const NAMES: Record<LogoType, string> = { 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/svg+xml': 'SVG' }
const WITH_ARTICLE: Record<LogoType, string> = { 'image/png': 'a PNG', 'image/jpeg': 'a JPEG', 'image/svg+xml': 'an SVG' }

/**
 * Accepts `bytes` sent as `declaredType` when they are that type and within the size limit; an
 * SVG is sanitised, or refused when it cannot be made safe.
 */
export function checkLogo(bytes: Buffer, declaredType: string): CheckedLogo {
  const refuse = (reason: string): CheckedLogo => ({ isAccepted: false, reason })
  const mediaType = declaredType.split(';')[0]!.trim().toLowerCase()
  if (!isLogoType(mediaType)) return refuse(`The logo must be sent as image/png, image/jpeg or image/svg+xml; the request's Content-Type is ${JSON.stringify(declaredType.slice(0, 100))}.`)
  if (bytes.length === 0) return refuse('The logo is empty: send the image file as the request body.')
  if (bytes.length > LOGO_MAX_BYTES) return refuse(`The logo is ${Math.ceil(bytes.length / 1024)} KB; the limit is ${LOGO_MAX_BYTES / 1024} KB.`)
  const actual = sniffLogoType(bytes)
  if (actual !== mediaType) {
    return refuse(`The logo's bytes are not ${WITH_ARTICLE[mediaType]} image, as its Content-Type says${actual ? ` (they are ${NAMES[actual]})` : ''}.`)
  }
  if (mediaType !== 'image/svg+xml') return { isAccepted: true, type: mediaType, content: bytes, removed: [] }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  if (text.includes('\uFFFD')) return refuse('The SVG logo is not valid UTF-8.')
  const sanitized = sanitizeSvg(text)
  if (!sanitized.isSafe) return refuse(`The SVG logo cannot be made safe: ${sanitized.reason}.`)
  return { isAccepted: true, type: mediaType, content: Buffer.from(sanitized.svg, 'utf8'), removed: sanitized.removed }
}

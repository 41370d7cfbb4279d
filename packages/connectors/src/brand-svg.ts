/**
 * @module Each platform's logo and button as SVG: the platform's own mark where simple-icons has
 * it (brand-icons.ts, CC0), else our own coloured square with a monogram.
 */
import { brandIcon } from './brand-icons.js'
import type { Connector } from './connector.js'

export type LogoVariant = 'square' | 'full' | 'button' | 'button-hover'

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
const NAME_COLOR = '#1f2328'
/** How much darker a hovered button is: each channel is multiplied by this. */
const HOVER_SHADE = 0.82

/**
 * Renders a platform's mark as a self-contained SVG document: no external references, no scripts,
 * a viewBox so it scales, and a `<title>` for screen readers.
 *
 * - `square`: the platform's mark in its own colour on a white rounded square, or (no mark) a
 *   rounded square in the primary colour with the monogram.
 * - `full`: the square followed by the platform's name.
 * - `button`: a "Connect to {name}" button; `button-hover` is the same, darker.
 *
 * @example
 * renderBrandSvg({ name: 'Xero', brand: { primaryColor: '#1b88c7', textColor: '#ffffff', monogram: 'X' } }, 'square')
 */
export function renderBrandSvg(connector: Pick<Connector, 'name' | 'brand'>, variant: LogoVariant): string {
  const { name, brand } = connector
  switch (variant) {
    case 'square':
      return svg(64, 64, name, logo(0, 0, 64, brand))
    case 'full': {
      const fontSize = 28
      const width = Math.ceil(80 + textWidth(name, fontSize) + 8)
      return svg(width, 64, name, logo(0, 0, 64, brand) + text(80, 32, name, fontSize, NAME_COLOR, 'start', 600))
    }
    case 'button':
    case 'button-hover': {
      const label = `Connect to ${name}`
      const fontSize = 18
      const width = Math.ceil(52 + textWidth(label, fontSize) + 16)
      const background = variant === 'button' ? brand.primaryColor : darken(brand.primaryColor)
      // The mark (or the monogram, inverted) sits in its own square so the button reads as this platform's at a glance.
      const body =
        `<rect width="${width}" height="48" rx="8" fill="${escapeXml(background)}"/>` +
        (brand.simpleIcon ? logo(8, 8, 32, brand) : mark(8, 8, 32, brand.textColor, background, brand.monogram)) +
        text(52, 24, label, fontSize, brand.textColor, 'start', 600)
      return svg(width, 48, label, body)
    }
  }
}

function svg(width: number, height: number, title: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">` +
    `<title>${escapeXml(title)}</title>${body}</svg>`
  )
}

/** The platform's own mark when it has one, else the monogram square. */
function logo(x: number, y: number, size: number, brand: Connector['brand']): string {
  if (!brand.simpleIcon) return mark(x, y, size, brand.primaryColor, brand.textColor, brand.monogram)
  const icon = brandIcon(brand.simpleIcon)
  // The icon's 24×24 box, inset by an eighth so round marks (Xero's) keep clear of the corners.
  const inset = size / 8
  const scale = (size - 2 * inset) / 24
  return (
    // A hairline edge: the white square must still read as a tile on a white page.
    `<rect x="${x + 0.5}" y="${y + 0.5}" width="${size - 1}" height="${size - 1}" rx="${Math.round(size * 0.1875)}" fill="#ffffff" stroke="#d0d7de"/>` +
    `<path transform="translate(${x + inset} ${y + inset}) scale(${round(scale)})" fill="${escapeXml(icon.color)}" d="${escapeXml(icon.path)}"/>`
  )
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000
}

function mark(x: number, y: number, size: number, fill: string, textColor: string, monogram: string): string {
  // Longer monograms get smaller letters so three still fit inside the square.
  const fontSize = Math.round(size * ([0.5, 0.5, 0.4, 0.3][monogram.length] ?? 0.3))
  return (
    `<rect x="${x}" y="${y}" width="${size}" height="${size}" rx="${Math.round(size * 0.1875)}" fill="${escapeXml(fill)}"/>` +
    text(x + size / 2, y + size / 2, monogram, fontSize, textColor, 'middle', 700)
  )
}

function text(x: number, y: number, content: string, fontSize: number, fill: string, anchor: 'start' | 'middle', weight: number): string {
  // dy instead of dominant-baseline: it centres the same way in every renderer.
  return (
    `<text x="${x}" y="${y}" dy=".35em" text-anchor="${anchor}" font-family="${FONT}" font-size="${fontSize}" ` +
    `font-weight="${weight}" fill="${escapeXml(fill)}">${escapeXml(content)}</text>`
  )
}

/** A generous estimate of rendered width, so the viewBox never cuts the name off in a wide fallback font. */
function textWidth(content: string, fontSize: number): number {
  let ems = 0
  for (const char of content) {
    // DejaVu Sans Bold's advances (the widest fallback a Linux browser picks for system-ui at 600–700),
    // rounded up: measured in Chromium, the old 0.32/0.58/0.7 cut "QuickBooks Online" short.
    if (/[ .,:;'!|ijlftr()-]/.test(char)) ems += 0.42
    else if (/[A-Z0-9MW@&]/.test(char) || /[mw]/.test(char)) ems += 0.86
    else ems += 0.72
  }
  return ems * fontSize
}

function darken(hex: string): string {
  const channels = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  if (!channels) return hex
  return `#${channels
    .slice(1)
    .map((channel) => Math.round(Number.parseInt(channel, 16) * HOVER_SHADE).toString(16).padStart(2, '0'))
    .join('')}`
}

/** Escapes text and attribute values, and drops the control characters XML 1.0 does not allow at all. */
function escapeXml(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/**
 * @module Colour contrast (WCAG 2.1) and the theme built from a client's branding colours, so a
 * client's pale yellow never leaves white button text or links unreadable.
 */

export const DEFAULT_PRIMARY = '#2748c4'
export const DEFAULT_SECONDARY = '#1d2330'
const WHITE = '#ffffff'
const BLACK = '#000000'
const PAGE_BACKGROUND = WHITE

type Rgb = [number, number, number]

export function parseHexColor(color: string): Rgb | null {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color)
  return match ? [parseInt(match[1]!, 16), parseInt(match[2]!, 16), parseInt(match[3]!, 16)] : null
}

const toHex = ([r, g, b]: Rgb) => `#${[r, g, b].map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`

/** WCAG 2.1 relative luminance of a `#rrggbb` colour. */
export function relativeLuminance(color: string): number {
  const rgb = parseHexColor(color)
  if (!rgb) throw new TypeError(`Not a #rrggbb colour: ${color}`)
  const [r, g, b] = rgb.map((channel) => {
    const c = channel / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }) as Rgb
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** From 1 (none) to 21 (black on white). @example contrastRatio('#ffffff', '#000000') // 21 */
export function contrastRatio(a: string, b: string): number {
  const [lighter, darker] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number]
  return (lighter + 0.05) / (darker + 0.05)
}

/**
 * White text when it reaches 4.5:1 on `background`, else black. Black always passes then: the two
 * ratios multiply to 21, so white below 4.5 means black above 4.67.
 */
export function readableTextOn(background: string): string {
  return contrastRatio(WHITE, background) >= 4.5 ? WHITE : BLACK
}

/** `color` itself when it reaches `minimum` against `background`, else the first shade of it (towards black or white) that does. */
export function ensureContrast(color: string, background: string, minimum = 4.5): string {
  const rgb = parseHexColor(color)
  if (!rgb || contrastRatio(color, background) >= minimum) return color
  const target: Rgb = relativeLuminance(background) > 0.18 ? [0, 0, 0] : [255, 255, 255]
  for (let step = 1; step <= 20; step++) {
    const mixed = toHex(rgb.map((channel, i) => channel + (target[i]! - channel) * (step / 20)) as Rgb)
    if (contrastRatio(mixed, background) >= minimum) return mixed
  }
  return toHex(target)
}

export interface Theme {
  /** Button background. */
  primary: string
  /** Button text on `primary`. */
  onPrimary: string
  /** Links, focus rings and outlines on the white page: the primary colour, darkened if it is too pale. */
  accent: string
  /** Header bar background. */
  secondary: string
  /** Header text, and its focus ring, on `secondary`. */
  onSecondary: string
}

/** Colours that are not `#rrggbb` fall back to the defaults: they go into CSS, so only a validated value may. */
export function buildTheme(branding: { primaryColor?: string; secondaryColor?: string }): Theme {
  const primary = branding.primaryColor && parseHexColor(branding.primaryColor) ? branding.primaryColor.toLowerCase() : DEFAULT_PRIMARY
  const secondary = branding.secondaryColor && parseHexColor(branding.secondaryColor) ? branding.secondaryColor.toLowerCase() : DEFAULT_SECONDARY
  return {
    primary,
    onPrimary: readableTextOn(primary),
    accent: ensureContrast(primary, PAGE_BACKGROUND, 4.5),
    secondary,
    onSecondary: readableTextOn(secondary),
  }
}

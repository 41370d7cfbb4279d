import { describe, expect, it } from 'vitest'
import { buildTheme, contrastRatio, ensureContrast, readableTextOn, relativeLuminance } from './contrast.js'
import { PALETTE } from './styles.js'

const WHITE = '#ffffff'

describe('contrastRatio', () => {
  it('follows WCAG 2.1', () => {
    expect(contrastRatio('#000000', WHITE)).toBe(21)
    expect(contrastRatio(WHITE, '#000000')).toBe(21)
    expect(contrastRatio('#777777', '#777777')).toBe(1)
    expect(contrastRatio('#767676', WHITE)).toBeCloseTo(4.54, 2)
    expect(relativeLuminance('#FF0000')).toBeCloseTo(0.2126, 4)
  })

  it('refuses what is not #rrggbb', () => {
    expect(() => relativeLuminance('red')).toThrow('Not a #rrggbb colour: red')
  })
})

describe('readableTextOn', () => {
  it('keeps white on a dark primary and switches to black when white falls below 4.5:1', () => {
    expect(readableTextOn('#2748c4')).toBe('#ffffff')
    expect(readableTextOn('#ffd700')).toBe('#000000')
    // #777777 is 4.48:1 with white: just short.
    expect(readableTextOn('#777777')).toBe('#000000')
    expect(readableTextOn('#767676')).toBe('#ffffff')
  })
})

describe('ensureContrast', () => {
  it('keeps a colour that passes, and darkens one that does not on white', () => {
    expect(ensureContrast('#2748c4', WHITE)).toBe('#2748c4')
    const darkened = ensureContrast('#ffd700', WHITE)
    expect(contrastRatio(darkened, WHITE)).toBeGreaterThanOrEqual(4.5)
    expect(darkened).toBe('#806c00')
  })

  it('lightens on a dark background', () => {
    expect(contrastRatio(ensureContrast('#1d2330', '#000000'), '#000000')).toBeGreaterThanOrEqual(4.5)
  })
})

describe('buildTheme', () => {
  it('derives readable text and links from the branding colours', () => {
    expect(buildTheme({ primaryColor: '#FFD700', secondaryColor: '#F0F0F0' })).toEqual({
      primary: '#ffd700',
      onPrimary: '#000000',
      accent: '#806c00',
      secondary: '#f0f0f0',
      onSecondary: '#000000',
    })
  })

  it('falls back to the defaults for anything that is not #rrggbb, since it goes into CSS', () => {
    expect(buildTheme({ primaryColor: 'red;}*{display:none', secondaryColor: 'url(x)' })).toEqual({
      primary: '#2748c4',
      onPrimary: '#ffffff',
      accent: '#2748c4',
      secondary: '#1d2330',
      onSecondary: '#ffffff',
    })
  })
})

describe('the fixed palette', () => {
  it('meets WCAG 2.1 AA where it is used', () => {
    for (const color of [PALETTE.text, PALETTE.muted, PALETTE.success, PALETTE.danger]) expect(contrastRatio(color, WHITE), color).toBeGreaterThanOrEqual(4.5)
    expect(contrastRatio(PALETTE.noticeText, PALETTE.noticeBackground)).toBeGreaterThanOrEqual(4.5)
    expect(contrastRatio(PALETTE.muted, PALETTE.noticeBackground)).toBeGreaterThanOrEqual(4.5)
    expect(contrastRatio(PALETTE.text, PALETTE.successBackground)).toBeGreaterThanOrEqual(4.5)
    expect(contrastRatio(PALETTE.text, PALETTE.dangerBackground)).toBeGreaterThanOrEqual(4.5)
    expect(contrastRatio(PALETTE.danger, PALETTE.dangerBackground)).toBeGreaterThanOrEqual(4.5)
    // Input and button outlines: non-text contrast, 3:1.
    expect(contrastRatio(PALETTE.border, WHITE)).toBeGreaterThanOrEqual(3)
  })
})

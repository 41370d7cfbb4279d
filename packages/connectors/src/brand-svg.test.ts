import { describe, expect, it } from 'vitest'
import { renderBrandSvg, type LogoVariant } from './brand-svg.js'
import { platformDefinitions } from './platforms/index.js'
import { siShopify, siXero } from 'simple-icons'

const VARIANTS: LogoVariant[] = ['square', 'full', 'button', 'button-hover']

/** Parse-free checks: a single svg root, balanced tags, and nothing fetched from elsewhere. */
function expectWellFormed(svg: string): void {
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ')).toBe(true)
  expect(svg.endsWith('</svg>')).toBe(true)
  expect(svg).toMatch(/viewBox="0 0 \d+ \d+"/)
  expect(svg).toContain('role="img"')
  expect(svg).toMatch(/<title>[^<]+<\/title>/)
  expect(svg.replace('http://www.w3.org/2000/svg', '')).not.toMatch(/http|href|url\(|<script|<image|<foreignObject/i)
  for (const tag of ['svg', 'title', 'text']) {
    expect(svg.split(`<${tag}`).length, tag).toBe(svg.split(`</${tag}>`).length)
  }
}

describe('brand svg', () => {
  it('renders every variant of every platform as a self-contained SVG', () => {
    for (const connector of platformDefinitions) {
      for (const variant of VARIANTS) expectWellFormed(renderBrandSvg(connector, variant))
    }
  })

  it('draws the monogram in the primary colour, and the name in the full mark and the button', () => {
    const brand = { primaryColor: '#1b88c7', textColor: '#ffffff', monogram: 'X' }
    const square = renderBrandSvg({ name: 'Xero', brand }, 'square')
    expect(square).toContain('<title>Xero</title>')
    expect(square).toContain('fill="#1b88c7"')
    expect(square).toContain('>X</text>')
    expect(renderBrandSvg({ name: 'Xero', brand }, 'full')).toContain('>Xero</text>')
    const button = renderBrandSvg({ name: 'Xero', brand }, 'button')
    expect(button).toContain('<title>Connect to Xero</title>')
    expect(button).toContain('>Connect to Xero</text>')
  })

  it("draws the platform's own mark from simple-icons, in its brand colour, where the set has one", () => {
    const xero = platformDefinitions.find((connector) => connector.key === 'gbol')!
    const square = renderBrandSvg(xero, 'square')
    expect(square).toContain(`fill="#${siXero.hex}" d="${siXero.path}"`)
    expect(square).toContain('<title>Xero</title>')
    expect(square).not.toContain('<text')
    const button = renderBrandSvg(xero, 'button')
    expect(button).toContain(`d="${siXero.path}"`)
    expect(button).toContain('>Connect to Xero</text>')
    const withMarks = ['gbol', 'qhyg', 'pqsw', 'fztf', 'exgd', 'zsth', 'tgff', 'hbql', 'knfz', 'rwuv']
    for (const connector of platformDefinitions) {
      const hasMark = withMarks.includes(connector.key)
      expect(renderBrandSvg(connector, 'square').includes('<path '), connector.key).toBe(hasMark)
      expect(renderBrandSvg(connector, 'square').includes(`>${connector.brand.monogram}</text>`), connector.key).toBe(!hasMark)
    }
    expect(renderBrandSvg(platformDefinitions.find((connector) => connector.key === 'fztf')!, 'square')).toContain(`fill="#${siShopify.hex}"`)
  })

  it('makes the hover button darker and otherwise the same', () => {
    const brand = { primaryColor: '#5a8a3a', textColor: '#ffffff', monogram: 'S' }
    const button = renderBrandSvg({ name: 'Shopify', brand }, 'button')
    const hover = renderBrandSvg({ name: 'Shopify', brand }, 'button-hover')
    expect(button).toContain('fill="#5a8a3a"')
    expect(hover).not.toContain('#5a8a3a')
    expect(hover).toContain('fill="#4a7130"')
    expect(hover.replaceAll('#4a7130', '#5a8a3a')).toBe(button)
  })

  it('escapes the name for XML and drops characters XML forbids', () => {
    const svg = renderBrandSvg({ name: `A<b> & "C" 'd'\u0000`, brand: { primaryColor: '#000000', textColor: '#ffffff', monogram: 'AB' } }, 'full')
    expectWellFormed(svg)
    expect(svg).toContain('<title>A&lt;b&gt; &amp; &quot;C&quot; &apos;d&apos;</title>')
    expect(svg).not.toContain('<b>')
    expect(svg).not.toContain('\u0000')
  })

  it('widens the full mark and the button with the name', () => {
    const brand = { primaryColor: '#000000', textColor: '#ffffff', monogram: 'A' }
    const width = (svg: string) => Number(/viewBox="0 0 (\d+) /.exec(svg)![1])
    for (const variant of ['full', 'button'] as const) {
      expect(width(renderBrandSvg({ name: 'Dynamics 365 Business Central', brand }, variant))).toBeGreaterThan(width(renderBrandSvg({ name: 'Xero', brand }, variant)))
    }
    expect(width(renderBrandSvg({ name: 'Dynamics 365 Business Central', brand }, 'square'))).toBe(64)
  })
})

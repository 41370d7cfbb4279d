import { isValidElement, type VNode } from 'preact'
import { describe, expect, it } from 'vitest'
import { interpolateMarkdown, parseMarkdown, safeHref } from './markdown.js'
import { renderBlocks } from './markdown-view.js'

const options = { vars: {}, opensInNewTab: '(opens in a new tab)' }

/** The rendered elements as markup, escaped the way a browser would serialise them. */
function toMarkup(node: unknown): string {
  if (Array.isArray(node)) return node.map(toMarkup).join('')
  if (node === null || node === undefined || typeof node === 'boolean') return ''
  if (!isValidElement(node)) return String(node).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const { children, ...attributes } = (node as VNode<Record<string, unknown>>).props
  expect(attributes).not.toHaveProperty('dangerouslySetInnerHTML')
  const attrs = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${String(value).replace(/"/g, '&quot;')}"`)
    .join('')
  return `<${String(node.type)}${attrs}>${toMarkup(children)}</${String(node.type)}>`
}

const render = (source: string, vars = {}) => toMarkup(renderBlocks(interpolateMarkdown(parseMarkdown(source), vars), options))

describe('parseMarkdown', () => {
  it('splits paragraphs on blank lines and joins the lines of one with a space', () => {
    expect(render('One\nstill one.\n\n\nTwo.')).toBe('<p>One still one.</p><p>Two.</p>')
  })

  it('reads **bold**, *italic*, _italic_ and their nesting', () => {
    expect(render('**bold** and *italic* and _this_')).toBe('<p><strong>bold</strong> and <em>italic</em> and <em>this</em></p>')
    expect(render('**bold *and italic* inside**')).toBe('<p><strong>bold <em>and italic</em> inside</strong></p>')
    expect(render('*italic **and bold** inside*')).toBe('<p><em>italic <strong>and bold</strong> inside</em></p>')
  })

  it('leaves stray and spaced delimiters, intraword underscores and escapes as text', () => {
    expect(render('2 * 3 * 4, snake_case_name, \\*not italic\\*, **unclosed')).toBe('<p>2 * 3 * 4, snake_case_name, *not italic*, **unclosed</p>')
  })

  it('reads bullet lists, after a paragraph too, with continuation lines', () => {
    expect(render('We read:\n- invoices\n* bills\n  and credit notes\n+ **payments**\n\nThen more.')).toBe(
      '<p>We read:</p><ul><li>invoices</li><li>bills and credit notes</li><li><strong>payments</strong></li></ul><p>Then more.</p>',
    )
  })

  it('keeps markup as text: <script> is never an element', () => {
    expect(parseMarkdown('<script>alert(1)</script> & <b>')).toEqual([{ type: 'paragraph', children: [{ type: 'text', text: '<script>alert(1)</script> & <b>' }] }])
    expect(render('<img src=x onerror=alert(1)>')).toBe('<p>&lt;img src=x onerror=alert(1)&gt;</p>')
  })
})

describe('links', () => {
  it('renders http(s) and mailto links opening in a new tab, without opener or referrer', () => {
    expect(render('See [our **terms**](https://example.com/terms).')).toBe(
      '<p>See <a href="https://example.com/terms" rel="noopener noreferrer" target="_blank">our <strong>terms</strong><span class="lw-vh"> (opens in a new tab)</span></a>.</p>',
    )
    expect(render('[Write](mailto:privacy@example.com)')).toContain('href="mailto:privacy@example.com"')
  })

  it('refuses javascript:, data:, vbscript: and relative links, keeping their words as text', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', '/relative', '//evil.example/x', 'evil.example']) {
      expect(render(`[click me](${href})`), href).toBe('<p>click me</p>')
    }
  })

  it('parses the destination like a browser: an encoded or control-character scheme is still refused', () => {
    expect(safeHref('java\tscript:alert(1)')).toBeNull()
    expect(safeHref('javascript&colon;alert(1)')).toBeNull()
    expect(safeHref('https://example.com/a b')).toBe('https://example.com/a%20b')
  })

  it('balances parentheses in a destination and ignores a title', () => {
    expect(render('[Wiki](https://en.wikipedia.org/wiki/Ledger_(accounting) "title")')).toContain('href="https://en.wikipedia.org/wiki/Ledger_(accounting)"')
  })

  it('names an empty-label link by its address, so it is never a link without a name', () => {
    expect(render('[](https://example.com/)')).toBe(
      '<p><a href="https://example.com/" rel="noopener noreferrer" target="_blank">https://example.com/<span class="lw-vh"> (opens in a new tab)</span></a></p>',
    )
  })
})

describe('interpolateMarkdown', () => {
  it('substitutes placeholders after parsing, so an untrusted company name cannot add markup or links', () => {
    expect(render('Connect **{companyName}** to {platformName}.', { companyName: '[Win](https://evil.example) *now* <script>', platformName: 'Xero' })).toBe(
      '<p>Connect <strong>[Win](https://evil.example) *now* &lt;script&gt;</strong> to Xero.</p>',
    )
  })
})

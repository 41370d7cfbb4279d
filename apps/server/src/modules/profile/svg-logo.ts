/**
 * @module An uploaded SVG logo rebuilt from an allow-list: the elements and attributes a drawing
 * needs, nothing that runs (scripts, event handlers, animations that set attributes) and nothing
 * that fetches (external `href`s, `url(…)` other than `#id`, `@import`, `<image>`, `<foreignObject>`).
 * What is not allowed is dropped; markup that cannot be read with certainty (a DOCTYPE and its
 * entities, CDATA, mismatched tags) is refused. Pure: text in, text or a reason out.
 */

export type SvgSanitizeResult = { isSafe: true; svg: string; removed: string[] } | { isSafe: false; reason: string }

const ELEMENTS = new Set([
  'svg', 'g', 'defs', 'title', 'desc', 'symbol', 'use', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'lineargradient', 'radialgradient', 'stop', 'clippath', 'mask', 'pattern', 'style', 'metadata',
  'filter', 'feblend', 'fecolormatrix', 'fecomposite', 'fedropshadow', 'feflood', 'fegaussianblur', 'femerge', 'femergenode', 'feoffset',
])

/** Kept as written, compared in lower case. `href` and `style` are checked further below. */
const ATTRIBUTES = new Set([
  'id', 'class', 'width', 'height', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'fr', 'd', 'points',
  'viewbox', 'preserveaspectratio', 'transform', 'version', 'baseprofile', 'role', 'aria-label', 'aria-hidden', 'lang', 'xml:lang', 'xml:space',
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit',
  'stroke-dasharray', 'stroke-dashoffset', 'stroke-opacity', 'opacity', 'color', 'display', 'visibility', 'overflow',
  'clip-path', 'clip-rule', 'clippathunits', 'mask', 'maskunits', 'maskcontentunits', 'filter', 'filterunits', 'primitiveunits',
  'offset', 'stop-color', 'stop-opacity', 'gradientunits', 'gradienttransform', 'spreadmethod',
  'patternunits', 'patterncontentunits', 'patterntransform',
  'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'letter-spacing', 'dx', 'dy',
  'vector-effect', 'shape-rendering', 'text-rendering', 'paint-order', 'mix-blend-mode', 'isolation',
  'stddeviation', 'in', 'in2', 'result', 'mode', 'values', 'type', 'operator', 'k1', 'k2', 'k3', 'k4', 'flood-color', 'flood-opacity',
  'href', 'xlink:href', 'style', 'xmlns', 'xmlns:xlink',
])

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg'
const XLINK_NAMESPACE = 'http://www.w3.org/1999/xlink'
/** Every `url(…)` in a value must point inside the document. */
const URL_REFERENCE = /url\s*\(\s*(['"]?)([^'")]*)\1\s*\)/gi
const NAME = /^[A-Za-z_][\w.:-]*$/

/** A value that could fetch, run or escape: `url(` other than `#id`, `@import`, CSS escapes, `expression(`, a `javascript:` scheme. */
function isUnsafeValue(value: string): boolean {
  const lower = value.toLowerCase()
  if (/@import|expression\s*\(|javascript:|\\/.test(lower)) return true
  for (const match of value.matchAll(URL_REFERENCE)) if (!match[2]!.trim().startsWith('#')) return true
  // A `url(` the pattern did not read (unbalanced, nested quotes): refuse rather than guess.
  return (lower.match(/url\s*\(/g) ?? []).length !== [...value.matchAll(URL_REFERENCE)].length
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** XML's five entities and character references; anything else is an entity we cannot resolve. */
function decodeEntities(text: string): string | undefined {
  let isKnown = true
  const decoded = text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);|&/gi, (whole, entity: string | undefined) => {
    if (entity === undefined) {
      isKnown = false
      return whole
    }
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
    if (entity.startsWith('#')) {
      const code = entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10)
      if (!Number.isFinite(code) || code > 0x10ffff || code === 0) {
        isKnown = false
        return whole
      }
      return String.fromCodePoint(code)
    }
    const value = named[entity.toLowerCase()]
    if (value === undefined) isKnown = false
    return value ?? whole
  })
  return isKnown ? decoded : undefined
}

/** The attributes of a start tag, or undefined when they cannot be read exactly. */
function parseAttributes(source: string): Array<[string, string]> | undefined {
  const attributes: Array<[string, string]> = []
  const pattern = /\s*([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y
  let position = 0
  const rest = source.trim()
  while (position < rest.length) {
    pattern.lastIndex = position
    const match = pattern.exec(rest)
    if (!match) return undefined
    const value = decodeEntities(match[2] ?? match[3] ?? '')
    if (value === undefined || !NAME.test(match[1]!)) return undefined
    attributes.push([match[1]!, value])
    position = pattern.lastIndex
    while (position < rest.length && /\s/.test(rest[position]!)) position++
  }
  return attributes
}

/**
 * Rebuilds `source` keeping only allowed elements and attributes.
 *
 * @example
 * sanitizeSvg('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="4" height="4" onclick="x()"/></svg>')
 * // → { isSafe: true, svg: '<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>', removed: ['<script>', 'onclick'] }
 */
export function sanitizeSvg(source: string): SvgSanitizeResult {
  const refuse = (reason: string): SvgSanitizeResult => ({ isSafe: false, reason })
  const text = source.replace(/^\uFEFF/, '')
  const out: string[] = []
  const removed = new Set<string>()
  /** The open elements' names; the innermost `skipDepth` of them are dropped with their content. */
  const open: string[] = []
  let skipDepth = 0
  let sawRoot = false
  let position = 0

  while (position < text.length) {
    const next = text.indexOf('<', position)
    const chunk = next === -1 ? text.slice(position) : text.slice(position, next)
    if (chunk !== '') {
      if (open.length === 0) {
        if (chunk.trim() !== '') return refuse('there is text outside the <svg> element')
      } else if (skipDepth === 0) {
        const decoded = decodeEntities(chunk)
        if (decoded === undefined) return refuse('it uses an entity other than XML’s own (&amp; &lt; &gt; &quot; &apos; and character references)')
        if (open.at(-1)!.toLowerCase() === 'style' && isUnsafeValue(decoded)) return refuse('its <style> loads or runs something (url() outside the document, @import, escapes)')
        out.push(escapeText(decoded))
      }
    }
    if (next === -1) break
    position = next

    if (text.startsWith('<!--', position)) {
      const end = text.indexOf('-->', position + 4)
      if (end === -1) return refuse('a comment is not closed')
      position = end + 3
      continue
    }
    if (text.startsWith('<?', position)) {
      const end = text.indexOf('?>', position + 2)
      if (end === -1) return refuse('a processing instruction is not closed')
      const instruction = text.slice(position + 2, end)
      if (!/^xml(\s|$)/.test(instruction) || sawRoot || out.length > 0) return refuse('it has a processing instruction other than the XML declaration (an xml-stylesheet loads a file)')
      position = end + 2
      continue
    }
    if (text.startsWith('<!', position)) return refuse('it has a DOCTYPE or CDATA section (entities and hidden markup cannot be checked)')

    const end = text.indexOf('>', position)
    if (end === -1) return refuse('a tag is not closed')
    const tag = text.slice(position + 1, end)
    position = end + 1

    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim()
      const top = open.pop()
      // XML names are case-sensitive: </linearGradient> closes <linearGradient> only.
      if (top !== name) return refuse(`the end tag </${name}> does not match its start tag`)
      if (skipDepth > 0) skipDepth--
      else out.push(`</${name}>`)
      continue
    }

    const isSelfClosing = tag.endsWith('/')
    const body = isSelfClosing ? tag.slice(0, -1) : tag
    const nameMatch = /^([^\s/>]+)/.exec(body)
    if (!nameMatch || !NAME.test(nameMatch[1]!)) return refuse('a tag has no valid name')
    const name = nameMatch[1]!
    const attributes = parseAttributes(body.slice(name.length))
    if (!attributes) return refuse(`the attributes of <${name}> cannot be read`)
    if (open.length === 0) {
      if (sawRoot) return refuse('there is more than one root element')
      if (name !== 'svg') return refuse('its root element is not <svg>')
      sawRoot = true
    }

    const lowerName = name.toLowerCase()
    const isKept = skipDepth === 0 && ELEMENTS.has(lowerName)
    if (!isKept) {
      if (skipDepth === 0) removed.add(`<${name}>`)
      if (!isSelfClosing) {
        open.push(name)
        skipDepth++
      }
      continue
    }

    const kept: string[] = []
    for (const [attribute, value] of attributes) {
      const lower = attribute.toLowerCase()
      const isAllowed =
        ATTRIBUTES.has(lower) &&
        !isUnsafeValue(value) &&
        // Links only inside the document (`#id`): no other file, no data:, no javascript:.
        (lower !== 'href' && lower !== 'xlink:href' ? true : value.trim().startsWith('#')) &&
        (lower !== 'xmlns' || value === SVG_NAMESPACE) &&
        (lower !== 'xmlns:xlink' || value === XLINK_NAMESPACE)
      if (isAllowed) kept.push(` ${attribute}="${escapeAttribute(value)}"`)
      else removed.add(attribute)
    }
    if (lowerName === 'svg' && open.length === 0 && !attributes.some(([attribute]) => attribute === 'xmlns')) kept.unshift(` xmlns="${SVG_NAMESPACE}"`)
    out.push(`<${name}${kept.join('')}${isSelfClosing ? '/' : ''}>`)
    if (!isSelfClosing) open.push(name)
  }

  if (!sawRoot) return refuse('it has no <svg> element')
  if (open.length > 0) return refuse(`<${open.at(-1)!}> is not closed`)
  return { isSafe: true, svg: out.join(''), removed: [...removed] }
}

/**
 * @module The small Markdown the Link texts may use: paragraphs, bullet lists, **bold**, *italic*
 * and [links](https://…). It parses to a tree of plain objects, never to HTML: whatever the text
 * holds (`<script>`, entities, quotes) stays text when the tree is rendered as elements.
 */
import type { TextVars } from './interpolate.js'
import { interpolate } from './interpolate.js'

export type MarkdownInline =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: MarkdownInline[] }
  | { type: 'em'; children: MarkdownInline[] }
  | { type: 'link'; href: string; children: MarkdownInline[] }

export type MarkdownBlock = { type: 'paragraph'; children: MarkdownInline[] } | { type: 'list'; items: MarkdownInline[][] }

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:'])
const BULLET = /^ {0,3}[-*+][ \t]+(.*)$/
const ESCAPABLE = /[\\`*_{}[\]()#+\-.!<>]/

/**
 * The URL a link may point to, or null: only absolute http(s) and mailto URLs. `javascript:`,
 * `data:` and relative URLs are refused (a relative URL would resolve against whichever page
 * embeds the component). Parsing with `URL` also defeats tricks such as `java\nscript:`.
 */
export function safeHref(raw: string): string | null {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    return null
  }
  return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null
}

/**
 * @example parseMarkdown('We read **invoices**.\n\n- bills\n- payments')
 * // [{ type: 'paragraph', children: [text 'We read ', strong [text 'invoices'], text '.'] },
 * //  { type: 'list', items: [[text 'bills'], [text 'payments']] }]
 */
export function parseMarkdown(source: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = []
  let paragraph: string[] | null = null
  let list: string[] | null = null
  const endBlock = () => {
    if (paragraph) blocks.push({ type: 'paragraph', children: parseInline(paragraph.join('\n')) })
    if (list) blocks.push({ type: 'list', items: list.map(parseInline) })
    paragraph = null
    list = null
  }
  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    const bullet = BULLET.exec(line)
    if (line.trim() === '') endBlock()
    else if (bullet) {
      if (!list) endBlock()
      ;(list ??= []).push(bullet[1]!)
    } else if (list) {
      // A line under an item continues it (Markdown's "lazy continuation").
      list[list.length - 1] += `\n${line.trim()}`
    } else (paragraph ??= []).push(line.trim())
  }
  endBlock()
  return blocks
}

/** Replaces placeholders in the text nodes only: a company named `[x](https://evil)` stays text. */
export function interpolateMarkdown(blocks: MarkdownBlock[], vars: TextVars): MarkdownBlock[] {
  const inline = (nodes: MarkdownInline[]): MarkdownInline[] =>
    nodes.map((node) => (node.type === 'text' ? { type: 'text', text: interpolate(node.text, vars) } : { ...node, children: inline(node.children) }))
  return blocks.map((block) => (block.type === 'paragraph' ? { type: 'paragraph', children: inline(block.children) } : { type: 'list', items: block.items.map(inline) }))
}

export function parseInline(text: string): MarkdownInline[] {
  const nodes: MarkdownInline[] = []
  let buffer = ''
  const flush = () => {
    if (buffer) appendNode(nodes, { type: 'text', text: buffer })
    buffer = ''
  }
  let i = 0
  while (i < text.length) {
    const char = text[i]!
    const next = text[i + 1]
    if (char === '\\' && next !== undefined && ESCAPABLE.test(next)) {
      buffer += next
      i += 2
    } else if (char === '\n') {
      buffer += ' '
      i += 1
    } else if (char === '*' || char === '_') {
      const delimiter = next === char ? char + char : char
      const close = canOpenEmphasis(text, i, delimiter) ? findClosingDelimiter(text, i + delimiter.length, delimiter) : -1
      if (close === -1) {
        buffer += delimiter
        i += delimiter.length
      } else {
        flush()
        nodes.push({ type: delimiter.length === 2 ? 'strong' : 'em', children: parseInline(text.slice(i + delimiter.length, close)) })
        i = close + delimiter.length
      }
    } else if (char === '[') {
      const link = matchLink(text, i)
      if (!link) {
        buffer += char
        i += 1
        continue
      }
      flush()
      const href = safeHref(link.destination)
      const children = link.label.trim() === '' ? [{ type: 'text' as const, text: link.destination }] : parseInline(link.label)
      // A refused link keeps its words and loses its target: the reader still gets the sentence.
      if (href) nodes.push({ type: 'link', href, children })
      else for (const child of children) appendNode(nodes, child)
      i = link.end
    } else {
      buffer += char
      i += 1
    }
  }
  flush()
  return nodes
}

function appendNode(nodes: MarkdownInline[], node: MarkdownInline): void {
  const last = nodes[nodes.length - 1]
  if (node.type === 'text' && last?.type === 'text') last.text += node.text
  else nodes.push(node)
}

const isSpace = (char: string | undefined) => char === undefined || /\s/.test(char)
const isWordChar = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}]/u.test(char)

/** `2 * 3 * 4` and `snake_case_name` are not emphasis: the delimiter must hug the text it wraps. */
function canOpenEmphasis(text: string, at: number, delimiter: string): boolean {
  if (isSpace(text[at + delimiter.length])) return false
  return !(delimiter[0] === '_' && isWordChar(text[at - 1]))
}

function findClosingDelimiter(text: string, from: number, delimiter: string): number {
  const char = delimiter[0]!
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') {
      i += 1
      continue
    }
    if (text[i] !== char) continue
    const run = text[i + 1] === char ? 2 : 1
    if (run === delimiter.length && i > from && !isSpace(text[i - 1]) && !(char === '_' && isWordChar(text[i + run]))) return i
    // A `**` inside `*…*` (or the reverse) belongs to a nested emphasis: step over it whole.
    i += run - 1
  }
  return -1
}

/** `[label](destination "title")` starting at `at`, with nested brackets and parentheses balanced. */
function matchLink(text: string, at: number): { label: string; destination: string; end: number } | null {
  let depth = 0
  let i = at
  for (; i < text.length; i++) {
    const char = text[i]
    if (char === '\\') i += 1
    else if (char === '[') depth += 1
    else if (char === ']' && --depth === 0) break
  }
  if (i >= text.length || text[i + 1] !== '(') return null
  const labelEnd = i
  depth = 0
  for (i = labelEnd + 1; i < text.length; i++) {
    const char = text[i]
    if (char === '\\') i += 1
    else if (char === '(') depth += 1
    else if (char === ')' && --depth === 0) break
  }
  if (i >= text.length) return null
  const inside = text.slice(labelEnd + 2, i).trim()
  const destination = inside.split(/\s+/)[0] ?? ''
  return { label: text.slice(at + 1, labelEnd), destination, end: i + 1 }
}

/**
 * @module Renders the Markdown tree as Preact elements. Text goes in as text nodes and the only
 * attributes set are an href that `safeHref` accepted, `rel` and `target`: there is no HTML string
 * anywhere, so untrusted texts cannot inject markup.
 */
import { h, type ComponentChildren, type VNode } from 'preact'
import type { TextVars } from './interpolate.js'
import { interpolateMarkdown, parseMarkdown, type MarkdownBlock, type MarkdownInline } from './markdown.js'

export interface MarkdownOptions {
  vars: TextVars
  /** Said after each link's text to screen readers, e.g. "(opens in a new tab)". */
  opensInNewTab: string
}

export function renderInline(nodes: MarkdownInline[], options: MarkdownOptions): ComponentChildren[] {
  return nodes.map((node) => {
    switch (node.type) {
      case 'text':
        return node.text
      case 'strong':
        return h('strong', null, renderInline(node.children, options))
      case 'em':
        return h('em', null, renderInline(node.children, options))
      case 'link':
        return h('a', { href: node.href, rel: 'noopener noreferrer', target: '_blank' }, [
          ...renderInline(node.children, options),
          h('span', { class: 'lw-vh' }, ` ${options.opensInNewTab}`),
        ])
    }
  })
}

export function renderBlocks(blocks: MarkdownBlock[], options: MarkdownOptions): VNode[] {
  return blocks.map((block) =>
    block.type === 'paragraph'
      ? h('p', null, renderInline(block.children, options))
      : h(
          'ul',
          null,
          block.items.map((item) => h('li', null, renderInline(item, options))),
        ),
  )
}

/** Block Markdown (paragraphs and lists), placeholders substituted. */
export function Markdown(props: MarkdownOptions & { source: string }) {
  return h('div', { class: 'lw-md' }, renderBlocks(interpolateMarkdown(parseMarkdown(props.source), props.vars), props))
}

/** The same text flattened to inline content, for headings: a title's `**` is emphasis, never a list. */
export function MarkdownInlineText(props: MarkdownOptions & { source: string }) {
  const blocks = interpolateMarkdown(parseMarkdown(props.source), props.vars)
  const space: MarkdownInline = { type: 'text', text: ' ' }
  const joinWithSpaces = (runs: MarkdownInline[][]) => runs.flatMap((run, index) => (index === 0 ? run : [space, ...run]))
  const inline = joinWithSpaces(blocks.map((block) => (block.type === 'paragraph' ? block.children : joinWithSpaces(block.items))))
  return h('span', null, renderInline(inline, props))
}

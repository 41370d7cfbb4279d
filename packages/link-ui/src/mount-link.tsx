/** @module Mounting: the component lives in a shadow root of its own on the target element. */
import { render } from 'preact'
import { Link } from './link.js'
import { STYLES } from './styles.js'
import type { LinkProps } from './types.js'

/**
 * Renders Link inside a shadow root on `target` (created, or reused if `target` already has an open
 * one), with its stylesheet: the page's styles do not reach it, and it adds none to the page.
 * `frame`: Embedded Link's box, filling `target` and scrolling inside it.
 *
 * @example
 * const link = mountLink(document.getElementById('link')!, { apiBaseUrl: 'http://localhost:8080', companyId, onFinish: () => link.unmount() })
 */
export function mountLink(target: HTMLElement, props: LinkProps, options: { frame?: 'card' | 'plain' } = {}): { unmount(): void } {
  const shadowRoot = target.shadowRoot ?? target.attachShadow({ mode: 'open' })
  const style = document.createElement('style')
  style.textContent = STYLES
  const container = document.createElement('div')
  // Embedded Link fills its host element and scrolls inside it: bordered (the default) or not (`hideBorder`).
  if (options.frame) container.className = `lw-frame${options.frame === 'card' ? ' lw-frame-card' : ''}`
  shadowRoot.append(style, container)
  render(<Link {...props} />, container)
  return {
    unmount() {
      render(null, container)
      container.remove()
      style.remove()
    },
  }
}

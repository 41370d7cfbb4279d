/** @module Mounting: a component lives in a shadow root of its own on the target element. */
import { render, type ComponentChild } from 'preact'
import { STYLES } from './styles.js'

/**
 * Renders `element` inside a shadow root on `target` (created, or reused if `target` already has an
 * open one), with the component's stylesheet: the page's styles do not reach it, and it adds none
 * to the page. `frame`: the embedded components' box, filling `target` and scrolling inside it.
 */
export function mountInShadowRoot(target: HTMLElement, element: ComponentChild, options: { frame?: 'card' | 'plain' } = {}): { unmount(): void } {
  const shadowRoot = target.shadowRoot ?? target.attachShadow({ mode: 'open' })
  const style = document.createElement('style')
  style.textContent = STYLES
  const container = document.createElement('div')
  // The embedded components fill their host element and scroll inside it: bordered (the default) or not (`hideBorder`).
  if (options.frame) container.className = `lw-frame${options.frame === 'card' ? ' lw-frame-card' : ''}`
  shadowRoot.append(style, container)
  render(element, container)
  return {
    unmount() {
      render(null, container)
      container.remove()
      style.remove()
    },
  }
}

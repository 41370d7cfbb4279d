/** @module Mounting Link: in a shadow root of its own on the target element (shadow-mount.ts). */
import { Link } from './link.js'
import { mountInShadowRoot } from './shadow-mount.js'
import type { LinkProps } from './types.js'

/**
 * Renders Link inside a shadow root on `target`, with its stylesheet: the page's styles do not
 * reach it, and it adds none to the page. `frame`: Embedded Link's box, filling `target` and
 * scrolling inside it.
 *
 * @example
 * const link = mountLink(document.getElementById('link')!, { apiBaseUrl: 'http://localhost:8080', companyId, onFinish: () => link.unmount() })
 */
export function mountLink(target: HTMLElement, props: LinkProps, options: { frame?: 'card' | 'plain' } = {}): { unmount(): void } {
  return mountInShadowRoot(target, <Link {...props} />, options)
}

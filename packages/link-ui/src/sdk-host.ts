/**
 * @module What the SDK's components (Embedded Link, sdk-entry.ts; connection management,
 * connections-entry.ts) do alike on the client's page (`startEmbedded`): check the company id,
 * find Linkway's API from where the module was served, load the person's language, and keep an
 * element of their own inside `target` whose removal destroys them.
 */
import type { ErrorCallbackArgs } from '@codat/sdk-link-types'
import { en, type Messages } from './i18n/en.js'
import { resolveLang } from './i18n/languages.js'
import type { LinkLang } from './types.js'

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isCompanyId(value: unknown): value is string {
  return typeof value === 'string' && GUID.test(value)
}

/** English is in every entry; German and French are files of their own, so a person reading English loads neither. */
export async function dictionaryOf(lang: LinkLang): Promise<Messages> {
  if (lang === 'de') return (await import('./i18n/de.js')).de
  if (lang === 'fr') return (await import('./i18n/fr.js')).fr
  return en
}

/** Where the module was served from is where Link's API is: `{PUBLIC_URL}/sdk/<name>.<version>.js`. */
export function apiBaseUrlOf(moduleUrl: string): string {
  return new URL('..', moduleUrl).href.replace(/\/+$/, '')
}

/**
 * Reports to the page's `onError` after the constructor returns, as a failure would come later:
 * the host's variable is set by then. Without `onError`, to the console (`name` says whose).
 */
export function errorReporter(name: string, onError: unknown): (args: ErrorCallbackArgs) => void {
  return (args) => queueMicrotask(() => (typeof onError === 'function' ? onError(args) : console.error(`${name}: ${args.message}`)))
}

/**
 * The component's own element, appended to `target`. The reference's samples close a component by
 * removing the target's child: `onRemoved` is then called (the component's `$destroy`).
 */
export function attachHost(target: HTMLElement, onRemoved: () => void): { host: HTMLElement; detach(): void } {
  const host = document.createElement('div')
  host.style.height = '100%'
  target.append(host)
  const observer = new MutationObserver(() => {
    if (!host.isConnected) onRemoved()
  })
  observer.observe(target, { childList: true })
  return {
    host,
    detach() {
      observer.disconnect()
      host.remove()
    },
  }
}

export interface EmbeddedStart<Loaded> {
  /** Who speaks in the console and in a failure's message, e.g. `Link`. */
  name: string
  target: HTMLElement
  props: { companyId?: unknown; onError?: unknown } | undefined
  /** What the component needs before it shows, besides the person's dictionary (Link's options). */
  load?(): Promise<Loaded>
  /** Draws the component in `host`; returns how to take it away. */
  mount(host: HTMLElement, context: { lang: LinkLang; messages: Messages; loaded: Loaded | undefined; report(args: ErrorCallbackArgs): void }): () => void
}

/**
 * Both components' life on the page: the company id checked, an element of their own in `target`,
 * the person's language (and `load`) fetched, then `mount`, unless destroyed meanwhile. Returns
 * the component's `$destroy`, which also runs when the page removes the element.
 */
export function startEmbedded<Loaded>(start: EmbeddedStart<Loaded>): () => void {
  const report = errorReporter(`Linkway ${start.name}`, start.props?.onError)
  if (!(start.target instanceof HTMLElement)) throw new TypeError(`Linkway ${start.name}: the target must be an element of the page`)
  if (!isCompanyId(start.props?.companyId)) {
    report({ message: 'companyId must be the GUID of a company', userRecoverable: false })
    return () => {}
  }
  let isDestroyed = false
  let unmount: (() => void) | undefined
  const destroy = () => {
    if (isDestroyed) return
    isDestroyed = true
    unmount?.()
    attached.detach()
  }
  const attached = attachHost(start.target, destroy)
  const lang = resolveLang(undefined, navigator.languages)
  void Promise.all([dictionaryOf(lang).catch(() => en), start.load?.()])
    .then(([messages, loaded]) => {
      if (!isDestroyed) unmount = start.mount(attached.host, { lang, messages, loaded, report })
    })
    .catch((error: unknown) => report({ message: `${start.name} could not start: ${error instanceof Error ? error.message : String(error)}`, userRecoverable: true }))
  return destroy
}

/**
 * @module Embedded Link: the ES module Linkway serves at `{PUBLIC_URL}/sdk/link.js`, used exactly
 * as the reference's SDK is (docs/embedded-link.md):
 *
 *   const { CodatLink } = await import('https://linkway.example.com/sdk/link.js')
 *   const link = new CodatLink({ target: document.getElementById('codat-link-container'), props: { companyId, onConnection, onFinish, onClose, onError } })
 *   link.$destroy()
 *
 * Props are `CodatLinkProps` of `@codat/sdk-link-types`. The component lives in a shadow root on
 * an element of its own inside `target`, so the host page's CSS does not reach it and removing
 * `target`'s child (what the reference's samples do to close it) removes it. The platform's
 * sign-in opens in a popup (platform-window.ts). Only English is in this module; another language
 * is loaded when the person's browser asks for it, before Link shows.
 */
import type { CodatLinkProps, ErrorCallbackArgs } from '@codat/sdk-link-types'
import type { EmbeddedOptions } from './embedded-options.js'
import { en, type Messages } from './i18n/en.js'
import { resolveLang } from './i18n/languages.js'
import { mountLink } from './mount-link.js'
import type { LinkLang } from './types.js'

const NO_OPTIONS: Pick<EmbeddedOptions, 'problems' | 'signsConsent' | 'hideBorder' | 'showSandboxIntegrations'> & Partial<Pick<EmbeddedOptions, 'adapt' | 'adaptMessages'>> = { problems: [], signsConsent: true, hideBorder: false }

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

async function dictionaryOf(lang: LinkLang): Promise<Messages> {
  // Separate files next to this one: a person reading English loads neither.
  if (lang === 'de') return (await import('./i18n/de.js')).de
  if (lang === 'fr') return (await import('./i18n/fr.js')).fr
  return en
}

/** Where this module was served from is where Link's API is: `{PUBLIC_URL}/sdk/link.<version>.js`. */
function apiBaseUrlOf(moduleUrl: string): string {
  return new URL('..', moduleUrl).href.replace(/\/+$/, '')
}

export class CodatLink {
  private host: HTMLElement | null = null
  private unmount: (() => void) | null = null
  private observer: MutationObserver | null = null
  private isDestroyed = false

  constructor({ target, props }: { target: HTMLElement; props: CodatLinkProps }) {
    const report = (args: ErrorCallbackArgs) => {
      // After the constructor returns, as a failure would come later: the host's variable is set by then.
      queueMicrotask(() => (typeof props?.onError === 'function' ? props.onError(args) : console.error(`Linkway Link: ${args.message}`)))
    }
    if (!(target instanceof HTMLElement)) throw new TypeError('CodatLink needs a target element')
    if (typeof props?.companyId !== 'string' || !GUID.test(props.companyId)) {
      report({ message: 'companyId must be the GUID of a company', userRecoverable: false })
      return
    }

    const host = document.createElement('div')
    host.style.height = '100%'
    target.append(host)
    this.host = host
    // The reference's samples close Link by removing the target's child: that is a $destroy.
    this.observer = new MutationObserver(() => {
      if (!host.isConnected) this.$destroy()
    })
    this.observer.observe(target, { childList: true })

    const lang = resolveLang(undefined, navigator.languages)
    // Options are read by a file of their own, loaded only when there are any: most pages pass none.
    const hasOptions = props.options !== undefined && props.options !== null
    void Promise.all([dictionaryOf(lang).catch(() => en), hasOptions ? import('./embedded-options.js').then(({ readEmbeddedOptions }) => readEmbeddedOptions(props.options)) : NO_OPTIONS])
      .then(([messages, options]) => {
        if (this.isDestroyed) return
        for (const problem of options.problems) report({ message: `${problem}; it is ignored`, userRecoverable: true })
        const mounted = mountLink(
          host,
          {
            apiBaseUrl: apiBaseUrlOf(import.meta.url),
            companyId: props.companyId,
            lang,
            messages: { en: options.adaptMessages?.(en) ?? en, [lang]: options.adaptMessages?.(messages) ?? messages },
            platformWindow: 'popup',
            ...(props.accessToken ? { accessToken: props.accessToken } : { embedded: true }),
            ...(options.showSandboxIntegrations !== undefined ? { showSandboxIntegrations: options.showSandboxIntegrations } : {}),
            ...(options.adapt ? { adaptSession: options.adapt } : {}),
            signsConsent: options.signsConsent,
            onConnection: (args) => props.onConnection?.(args),
            onConnectionStarted: (args) => props.onConnectionStarted?.(args),
            onConsent: (args) => props.onConsent?.(args),
            onFinish: () => props.onFinish?.(),
            ...(typeof props.onClose === 'function' ? { onClose: () => props.onClose?.() } : {}),
            onError: (args) => (typeof props.onError === 'function' ? props.onError(args) : undefined),
          },
          { frame: options.hideBorder ? 'plain' : 'card' },
        )
        this.unmount = mounted.unmount
      })
      .catch((error: unknown) => report({ message: `Link could not start: ${error instanceof Error ? error.message : String(error)}`, userRecoverable: true }))
  }

  /** Removes Link from the page (the Svelte component API the reference's SDK has). */
  $destroy(): void {
    if (this.isDestroyed) return
    this.isDestroyed = true
    this.observer?.disconnect()
    this.unmount?.()
    this.host?.remove()
  }
}

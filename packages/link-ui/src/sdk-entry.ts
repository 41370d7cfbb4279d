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
import type { CodatLinkProps } from '@codat/sdk-link-types'
import type { EmbeddedOptions } from './embedded-options.js'
import { en } from './i18n/en.js'
import { resolveLang } from './i18n/languages.js'
import { mountLink } from './mount-link.js'
import { apiBaseUrlOf, attachHost, dictionaryOf, errorReporter, isCompanyId } from './sdk-host.js'

const NO_OPTIONS: Pick<EmbeddedOptions, 'problems' | 'signsConsent' | 'hideBorder' | 'showSandboxIntegrations'> & Partial<Pick<EmbeddedOptions, 'adapt' | 'adaptMessages'>> = { problems: [], signsConsent: true, hideBorder: false }

export class CodatLink {
  private detach: (() => void) | null = null
  private unmount: (() => void) | null = null
  private isDestroyed = false

  constructor({ target, props }: { target: HTMLElement; props: CodatLinkProps }) {
    const report = errorReporter('Linkway Link', props?.onError)
    if (!(target instanceof HTMLElement)) throw new TypeError('CodatLink needs a target element')
    if (!isCompanyId(props?.companyId)) {
      report({ message: 'companyId must be the GUID of a company', userRecoverable: false })
      return
    }

    const { host, detach } = attachHost(target, () => this.$destroy())
    this.detach = detach

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
    this.unmount?.()
    this.detach?.()
  }
}

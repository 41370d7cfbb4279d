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
import { en, type Messages } from './i18n/en.js'
import { mountLink } from './mount-link.js'
import { apiBaseUrlOf, startEmbedded } from './sdk-host.js'

export class CodatLink {
  /** Removes Link from the page (the Svelte component API the reference's SDK has). */
  readonly $destroy: () => void

  constructor({ target, props }: { target: HTMLElement; props: CodatLinkProps }) {
    this.$destroy = startEmbedded<EmbeddedOptions>({
      name: 'Link',
      target,
      props,
      // Options are read by a file of their own, loaded only when there are any: most pages pass none.
      ...(props?.options !== undefined && props.options !== null ? { load: async () => (await import('./embedded-options.js')).readEmbeddedOptions(props.options) } : {}),
      mount(host, { lang, messages, loaded: options, report }) {
        for (const problem of options?.problems ?? []) report({ message: `${problem}; it is ignored`, userRecoverable: true })
        const adaptMessages = options?.adaptMessages ?? ((t: Messages) => t)
        return mountLink(
          host,
          {
            apiBaseUrl: apiBaseUrlOf(import.meta.url),
            companyId: props.companyId,
            lang,
            messages: { en: adaptMessages(en), [lang]: adaptMessages(messages) },
            platformWindow: 'popup',
            ...(props.accessToken ? { accessToken: props.accessToken } : { embedded: true }),
            ...(options?.showSandboxIntegrations !== undefined ? { showSandboxIntegrations: options.showSandboxIntegrations } : {}),
            ...(options ? { adaptSession: options.adapt, signsConsent: options.signsConsent } : {}),
            onConnection: (args) => props.onConnection?.(args),
            onConnectionStarted: (args) => props.onConnectionStarted?.(args),
            onConsent: (args) => props.onConsent?.(args),
            onFinish: () => props.onFinish?.(),
            ...(typeof props.onClose === 'function' ? { onClose: () => props.onClose?.() } : {}),
            onError: (args) => (typeof props.onError === 'function' ? props.onError(args) : undefined),
          },
          { frame: options?.hideBorder ? 'plain' : 'card' },
        ).unmount
      },
    })
  }
}

/**
 * @module The connection management component: the ES module Linkway serves at
 * `{PUBLIC_URL}/sdk/connections.js`, Embedded Link's sibling with the same token and CORS rules
 * (docs/embedded-link.md, "Connection management component"):
 *
 *   const { CodatConnections } = await import('https://linkway.example.com/sdk/connections.js')
 *   const connections = new CodatConnections({ target, props: { companyId, accessToken, onDisconnect, onReconnect, onError, onClose } })
 *   connections.$destroy()
 *
 * It lists the company's connections, disconnects (after a confirmation) and reconnects them (the
 * consent screen, then the platform's sign-in in a popup, as Embedded Link does). It lives in a
 * shadow root on an element of its own inside `target`; removing that element destroys it. Only
 * English is in this module; another language is loaded when the browser asks for it.
 */
import type { ConnectionCallbackArgs, ErrorCallbackArgs } from '@codat/sdk-link-types'
import { h } from 'preact'
import { ConnectionManager } from './connections.js'
import { en } from './i18n/en.js'
import { apiBaseUrlOf, startEmbedded } from './sdk-host.js'
import { mountInShadowRoot } from './shadow-mount.js'

export interface CodatConnectionsProps {
  companyId: string
  /** The company access token your server got from `GET /companies/{companyId}/accessToken`. Without it, your origin must be in the CORS settings. */
  accessToken?: string
  /** A Linked connection was disconnected (status Unlinked; its data is kept). */
  onDisconnect?(args: ConnectionCallbackArgs): void
  /** A connection was linked again after the person signed in at its platform. */
  onReconnect?(args: ConnectionCallbackArgs): void
  onError(args: ErrorCallbackArgs): void
  /** Given: the component shows a close button and calls this when it is pressed. */
  onClose?(): void
}

export class CodatConnections {
  /** Removes the component from the page (the Svelte component API the reference's SDK has). */
  readonly $destroy: () => void

  constructor({ target, props }: { target: HTMLElement; props: CodatConnectionsProps }) {
    this.$destroy = startEmbedded({
      name: 'Connections',
      target,
      props,
      mount(host, { lang, messages }) {
        const element = h(ConnectionManager, {
          apiBaseUrl: apiBaseUrlOf(import.meta.url),
          companyId: props.companyId,
          lang,
          messages: { en, [lang]: messages },
          ...(props.accessToken ? { accessToken: props.accessToken } : {}),
          onDisconnect: (args) => props.onDisconnect?.(args),
          onReconnect: (args) => props.onReconnect?.(args),
          onError: (args) => (typeof props.onError === 'function' ? props.onError(args) : undefined),
          ...(typeof props.onClose === 'function' ? { onClose: () => props.onClose?.() } : {}),
        })
        return mountInShadowRoot(host, element, { frame: 'card' }).unmount
      },
    })
  }
}

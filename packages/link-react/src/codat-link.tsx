/**
 * @module Embedded Link as a React component. It renders a div, imports Linkway's Embedded Link
 * module from `sdkUrl` when the div mounts, and mounts Link in it the way the reference's samples
 * do (`new CodatLink({ target, props })`); unmounting calls `$destroy()`. docs/embedded-link.md.
 */
import type { CodatLinkProps } from '@codat/sdk-link-types'
import { useEffect, useRef, type CSSProperties, type ReactElement } from 'react'

export interface CodatLinkComponentProps extends CodatLinkProps {
  /** Linkway's Embedded Link module: `{PUBLIC_URL}/sdk/link.js`, e.g. `http://localhost:8080/sdk/link.js`. */
  sdkUrl: string
  /** Given, the div takes its size from your class instead of the default 460×840. */
  className?: string
  /** Merged over the default size (or over nothing, with `className`). */
  style?: CSSProperties
}

/** What Linkway's `/sdk/link.js` exports: the reference's Svelte-style component. */
interface EmbeddedLinkModule {
  CodatLink: new (options: { target: HTMLElement; props: CodatLinkProps }) => { $destroy(): void }
}

/** The size the reference recommends; the frame keeps to 95% of a shorter window. */
const DEFAULT_STYLE: CSSProperties = { width: '460px', height: '840px', maxHeight: '95%' }

const CALLBACKS = ['onConnection', 'onConnectionStarted', 'onConsent', 'onFinish', 'onClose', 'onError'] as const

/**
 * The props Link gets, read once at mount. Each callback given at mount calls the one the latest
 * render gave, so a handler that closes over state does not go stale; one absent at mount stays
 * absent (Link draws its close button only when `onClose` is there).
 */
function propsForLink(initial: CodatLinkProps, latest: { readonly current: CodatLinkProps }): CodatLinkProps {
  const props: Record<string, unknown> = { ...initial }
  for (const name of CALLBACKS) {
    if (typeof initial[name] !== 'function') continue
    props[name] = (...args: unknown[]) => (latest.current[name] as ((...args: unknown[]) => void) | undefined)?.(...args)
  }
  return props as CodatLinkProps
}

/**
 * @example
 * <CodatLink sdkUrl="http://localhost:8080/sdk/link.js" companyId={companyId} accessToken={token}
 *   onConnection={(c) => console.log(c.connectionId)} onFinish={close} onClose={close} onError={(e) => console.warn(e.message)} />
 *
 * Like the reference's component, Link reads `companyId`, `accessToken`, `options` and `sdkUrl`
 * when it mounts and ignores later changes: give it a `key` (`key={companyId}`) to start it again
 * with new ones.
 */
export function CodatLink({ sdkUrl, className, style, ...props }: CodatLinkComponentProps): ReactElement {
  const targetRef = useRef<HTMLDivElement>(null)
  const latestProps = useRef<CodatLinkProps>(props)
  const mountedWith = useRef({ sdkUrl, props })

  useEffect(() => {
    latestProps.current = props
  })

  useEffect(() => {
    const target = targetRef.current
    if (!target) return
    // StrictMode runs this effect, its cleanup and the effect again before the import can resolve
    // (it is a promise): the first run is cancelled before it creates anything, so Link mounts once.
    let isCancelled = false
    let instance: { $destroy(): void } | undefined
    const { sdkUrl: url, props: initial } = mountedWith.current
    const reportFailure = (message: string) => {
      if (!isCancelled) latestProps.current.onError?.({ message, userRecoverable: false })
    }
    import(/* @vite-ignore */ /* webpackIgnore: true */ url)
      .then((module: EmbeddedLinkModule) => {
        if (isCancelled) return
        try {
          instance = new module.CodatLink({ target, props: propsForLink(initial, latestProps) })
        } catch (error) {
          reportFailure(`Link could not start: ${error instanceof Error ? error.message : String(error)}`)
        }
      })
      .catch(() => reportFailure(`Linkway's Embedded Link could not be loaded from ${url}`))
    return () => {
      isCancelled = true
      instance?.$destroy()
      instance = undefined
    }
  }, [])

  return <div ref={targetRef} className={className} style={className === undefined ? { ...DEFAULT_STYLE, ...style } : style} />
}

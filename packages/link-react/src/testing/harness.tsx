/**
 * @module The test page's script (codat-link.test.ts bundles it with esbuild, React's development
 * build, where StrictMode runs every effect twice): the test renders and unmounts `CodatLink`
 * through `window.harness`, and reads what each callback received from `window.calls`.
 */
import type { CSSProperties } from 'react'
import { StrictMode } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { CodatLink } from '../index.js'

export interface HarnessRender {
  sdkUrl: string
  companyId: string
  accessToken?: string
  options?: { hideBorder?: boolean }
  /** Marks the calls this render's callbacks record, to tell a later render's handlers apart. */
  label: string
  isStrict?: boolean
  hasOnClose?: boolean
  className?: string
  style?: CSSProperties
}

export interface HarnessCall {
  label: string
  callback: string
  args: unknown[]
}

declare global {
  interface Window {
    harness: { render(options: HarnessRender): void; unmount(): void }
    calls: HarnessCall[]
  }
}

window.calls = []
let root: Root | undefined

window.harness = {
  render(options) {
    root ??= createRoot(document.getElementById('root')!)
    const record =
      (callback: string) =>
      (...args: unknown[]) =>
        window.calls.push({ label: options.label, callback, args })
    const link = (
      <CodatLink
        sdkUrl={options.sdkUrl}
        companyId={options.companyId}
        {...(options.accessToken ? { accessToken: options.accessToken } : {})}
        {...(options.options ? { options: options.options } : {})}
        {...(options.className ? { className: options.className } : {})}
        {...(options.style ? { style: options.style } : {})}
        onConnection={record('onConnection')}
        onFinish={record('onFinish')}
        onError={record('onError')}
        {...(options.hasOnClose ? { onClose: record('onClose') } : {})}
      />
    )
    root.render(options.isStrict ? <StrictMode>{link}</StrictMode> : link)
  },
  unmount() {
    root?.unmount()
    root = undefined
  },
}

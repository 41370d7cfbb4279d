/**
 * @module A client's own web page for Embedded Link's browser tests: a tiny node:http server on its
 * own 127.0.0.1 port (so another origin than Linkway's) serving pages written by the test, each
 * loading the component the way the reference's samples do and recording every callback in
 * `window.calls`, in order.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface HostPageOptions {
  /** Linkway's origin: the page imports `${linkway}/sdk/link.js`. */
  linkway: string
  companyId: string
  accessToken?: string
  /** `options` as the page passes it (any JSON, wrong types included). */
  options?: unknown
  /** The page's own stylesheet. */
  css?: string
  /** The container's style; the reference's samples use 460×840. */
  containerStyle?: string
  /** `vanilla`: the reference's plain sample; `react`: the types package's React sample's shape (a function mounting into an empty div). */
  shape?: 'vanilla' | 'react'
  /** Whether the page passes `onClose` (the close ×) and `onConnectionStarted`. */
  withOnClose?: boolean
  withOnConnectionStarted?: boolean
  /** Extra HTML before the container (a host paragraph to check styles on). */
  body?: string
}

const REFERENCE_CONTAINER = 'width:460px;height:840px'

/**
 * The page. `window.openLink()` opens Link again on the same target (after the page removed the
 * previous one, as the samples close it); `window.link` is the current CodatLink.
 */
export function hostPageHtml(options: HostPageOptions): string {
  const props = { companyId: options.companyId, ...(options.accessToken ? { accessToken: options.accessToken } : {}), ...(options.options !== undefined ? { options: options.options } : {}) }
  const callbacks = [
    "onConnection: record('onConnection')",
    "onFinish: record('onFinish')",
    "onError: record('onError')",
    ...(options.withOnClose === false ? [] : ["onClose: record('onClose')"]),
    ...(options.withOnConnectionStarted ? ["onConnectionStarted: record('onConnectionStarted')"] : []),
  ].join(', ')
  const mount =
    options.shape === 'react'
      ? // The React sample: a component whose effect mounts CodatLink into its div when that div is empty.
        `function CodatLinkComponent(props) {
          const target = document.getElementById('codat-link-container')
          const useEffect = (effect) => queueMicrotask(effect)
          useEffect(() => { if (target && target.children.length === 0) window.link = new CodatLink({ target, props }) })
        }
        window.openLink = () => CodatLinkComponent({ ...PROPS, ${callbacks} })`
      : `window.openLink = () => { window.link = new CodatLink({ target: document.getElementById('codat-link-container'), props: { ...PROPS, ${callbacks} } }) }`
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Lending: connect your platforms</title>${options.css ? `<style>${options.css}</style>` : ''}</head>
<body><main><h1>Acme Lending</h1>${options.body ?? ''}
<div id="codat-link-container" style="${options.containerStyle ?? REFERENCE_CONTAINER}"></div></main>
<script type="module">
  window.calls = []
  const record = (name) => (args) => window.calls.push(args === undefined ? { name } : { name, args })
  const PROPS = ${JSON.stringify(props)}
  const { CodatLink } = await import(${JSON.stringify(`${options.linkway}/sdk/link.js`)})
  ${mount}
  window.openLink()
  window.isLinkImported = true
</script></body></html>`
}

export interface HostSite {
  origin: string
  /** Serves `html` at a new path of this origin; returns its URL. */
  serve(html: string): string
  close(): Promise<void>
}

export async function startHostSite(): Promise<HostSite> {
  const pages = new Map<string, string>()
  const server: Server = createServer((request, response) => {
    const html = pages.get(new URL(request.url ?? '/', 'http://host').pathname)
    if (html === undefined) return void response.writeHead(404).end()
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    serve(html) {
      const path = `/page-${pages.size + 1}`
      pages.set(path, html)
      return `${origin}${path}`
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/**
 * `CodatLink` in React 19 (development build) in Debian's Chromium: a page on 127.0.0.1 renders it
 * through testing/harness.tsx, and a stand-in for Linkway's `/sdk/link.js` (same shape: a class
 * taking `{ target, props }` with `$destroy()`) logs every instance it makes and destroys. Without
 * Chromium the suite is skipped, as the browser journeys are.
 */
import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HarnessCall, HarnessRender } from './testing/harness.js'

const CHROMIUM_PATH = '/usr/bin/chromium'
const COMPANY_ID = '8a0f4c1e-2b7d-4e52-9d0a-6f3b1c2d4e5f'

/** The stand-in SDK: what it was given, as JSON the test can compare (callbacks by name). */
const FAKE_SDK = `
window.sdkLog ??= [];
window.sdkLog.push({ event: 'evaluated', url: import.meta.url });
let made = 0;
export class CodatLink {
  constructor({ target, props }) {
    this.id = ++made;
    window.linkProps = props;
    window.sdkLog.push({
      event: 'new', id: this.id, isTargetTheDiv: target.parentElement?.id === 'root', companyId: props.companyId,
      accessToken: props.accessToken, options: props.options,
      callbacks: Object.keys(props).filter((key) => typeof props[key] === 'function').sort(),
    });
    this.host = document.createElement('p');
    this.host.textContent = 'Link ' + this.id;
    target.append(this.host);
  }
  $destroy() {
    window.sdkLog.push({ event: 'destroy', id: this.id });
    this.host.remove();
  }
}
`

type SdkLogEntry = { event: 'evaluated'; url: string } | { event: 'new'; id: number; isTargetTheDiv: boolean; companyId: string; accessToken?: string; options?: unknown; callbacks: string[] } | { event: 'destroy'; id: number }

describe.runIf(existsSync(CHROMIUM_PATH))('CodatLink (React) in Chromium', () => {
  let server: Server
  let origin: string
  let browser: Browser
  /** `/sdk/held.js` answers only when the test lets it: an import still on its way. */
  let heldRequest: Promise<void>
  let markHeldRequested: () => void
  let releaseHeld: () => void = () => {}

  const sdkLog = async (page: Page) => ((await page.evaluate('window.sdkLog ?? []')) as SdkLogEntry[]).filter((entry) => entry.event !== 'evaluated')
  const calls = async (page: Page) => (await page.evaluate('window.calls')) as HarnessCall[]
  const render = async (page: Page, options: Partial<HarnessRender>) => {
    await page.evaluate((options) => window.harness.render(options), { sdkUrl: `${origin}/sdk/link.js`, companyId: COMPANY_ID, label: 'first', ...options })
  }
  const unmount = async (page: Page) => await page.evaluate(() => window.harness.unmount())
  /** React renders, and the import resolves, asynchronously: wait for the log to say enough. */
  const waitForLog = async (page: Page, count: number) => await page.waitForFunction((count) => (window as unknown as { sdkLog?: Array<{ event: string }> }).sdkLog?.filter((entry) => entry.event !== 'evaluated').length === count, count)
  /** Lets anything still queued (a second StrictMode import, a late construction) happen. */
  const settle = async (page: Page) => await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)))

  async function openPage(): Promise<Page> {
    const context = await browser.newContext()
    await context.route(/^(?!http:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort())
    const page = await context.newPage()
    page.setDefaultTimeout(5_000)
    await page.goto(`${origin}/`)
    await page.waitForFunction('window.harness !== undefined')
    return page
  }

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [fileURLToPath(new URL('./testing/harness.tsx', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      jsx: 'automatic',
      // The development build: the one whose StrictMode mounts, unmounts and mounts every effect.
      define: { 'process.env.NODE_ENV': '"development"' },
      write: false,
      logLevel: 'warning',
    })
    const harness = bundle.outputFiles[0]!.text
    heldRequest = new Promise((resolve) => (markHeldRequested = resolve))
    const held = new Promise<void>((resolve) => (releaseHeld = resolve))
    server = createServer((request, response) => {
      const javascript = (body: string) => response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(body)
      if (request.url === '/') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><html lang="en"><title>Host</title><div id="root"></div><script type="module" src="/harness.js"></script></html>')
      } else if (request.url === '/harness.js') javascript(harness)
      else if (request.url === '/sdk/link.js') javascript(FAKE_SDK)
      else if (request.url === '/sdk/held.js') {
        markHeldRequested()
        void held.then(() => javascript(FAKE_SDK))
      } else response.writeHead(404).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] })
  })
  afterAll(async () => {
    releaseHeld()
    await browser?.close()
    await new Promise((resolve) => server?.close(resolve))
  })

  it('mounts Link once in its own div with the props given, at 460×840 by default', async () => {
    const page = await openPage()
    await render(page, { accessToken: 'lwc_token', options: { hideBorder: true }, hasOnClose: true })
    await waitForLog(page, 1)
    await settle(page)
    expect(await sdkLog(page)).toEqual([
      { event: 'new', id: 1, isTargetTheDiv: true, companyId: COMPANY_ID, accessToken: 'lwc_token', options: { hideBorder: true }, callbacks: ['onClose', 'onConnection', 'onError', 'onFinish'] },
    ])
    expect(await page.evaluate(() => document.querySelector('#root > div')!.getBoundingClientRect().toJSON())).toMatchObject({ width: 460, height: 840 })
    expect(await page.locator('#root > div > p').textContent()).toBe('Link 1')
    await page.context().close()
  })

  it('leaves onClose out when the page gives none (Link draws no close button then)', async () => {
    const page = await openPage()
    await render(page, {})
    await waitForLog(page, 1)
    expect(await sdkLog(page)).toMatchObject([{ event: 'new', callbacks: ['onConnection', 'onError', 'onFinish'] }])
    await page.context().close()
  })

  it('unmounting calls $destroy once and leaves nothing behind', async () => {
    const page = await openPage()
    await render(page, {})
    await waitForLog(page, 1)
    await unmount(page)
    await waitForLog(page, 2)
    await settle(page)
    expect(await sdkLog(page)).toMatchObject([{ event: 'new', id: 1 }, { event: 'destroy', id: 1 }])
    expect(await page.locator('#root').innerHTML()).toBe('')
    await page.context().close()
  })

  it('under StrictMode (effects run, clean up and run again) Link mounts once, and is destroyed at unmount', async () => {
    const page = await openPage()
    await render(page, { isStrict: true })
    await waitForLog(page, 1)
    await settle(page)
    expect(await sdkLog(page)).toMatchObject([{ event: 'new', id: 1 }])
    expect(await page.locator('#root > div > p').count()).toBe(1)
    await unmount(page)
    await waitForLog(page, 2)
    await settle(page)
    expect(await sdkLog(page)).toMatchObject([{ event: 'new', id: 1 }, { event: 'destroy', id: 1 }])
    await page.context().close()
  })

  it('an import that resolves after unmount creates nothing', async () => {
    const page = await openPage()
    await render(page, { sdkUrl: `${origin}/sdk/held.js` })
    await heldRequest
    await unmount(page)
    releaseHeld()
    await page.waitForFunction(() => (window as unknown as { sdkLog?: unknown[] }).sdkLog !== undefined)
    await settle(page)
    expect(await page.evaluate('window.sdkLog')).toEqual([{ event: 'evaluated', url: `${origin}/sdk/held.js` }])
    expect(await calls(page)).toEqual([])
    await page.context().close()
  })

  it('a later render changes nothing Link was given, but its callbacks call the latest handlers', async () => {
    const page = await openPage()
    await render(page, { label: 'first' })
    await waitForLog(page, 1)
    await render(page, { label: 'second', companyId: '00000000-0000-4000-8000-000000000000', accessToken: 'lwc_other' })
    await settle(page)
    expect(await sdkLog(page)).toMatchObject([{ event: 'new', id: 1, companyId: COMPANY_ID }])
    await page.evaluate(() => {
      const props = (window as unknown as { linkProps: Record<string, (...args: unknown[]) => void> }).linkProps
      props.onConnection!({ connectionId: 'c1' })
      props.onFinish!()
    })
    expect(await calls(page)).toEqual([
      { label: 'second', callback: 'onConnection', args: [{ connectionId: 'c1' }] },
      { label: 'second', callback: 'onFinish', args: [] },
    ])
    await page.context().close()
  })

  it('a module that cannot be loaded is reported to onError', async () => {
    const page = await openPage()
    await render(page, { sdkUrl: `${origin}/sdk/missing.js` })
    await page.waitForFunction('window.calls.length > 0')
    expect(await calls(page)).toEqual([
      { label: 'first', callback: 'onError', args: [{ message: `Linkway's Embedded Link could not be loaded from ${origin}/sdk/missing.js`, userRecoverable: false }] },
    ])
    await page.context().close()
  })

  it('className takes the size over; style is merged over the default size', async () => {
    const page = await openPage()
    await page.addStyleTag({ content: '.link-frame { width: 300px; height: 500px }' })
    await render(page, { className: 'link-frame' })
    await waitForLog(page, 1)
    expect(await page.evaluate(() => document.querySelector('#root > div')!.getBoundingClientRect().toJSON())).toMatchObject({ width: 300, height: 500 })
    await unmount(page)
    await render(page, { style: { width: '100%' } })
    await page.waitForFunction(() => document.querySelector('#root > div') !== null)
    expect(await page.evaluate(() => (document.querySelector('#root > div') as HTMLElement).style.cssText)).toBe('width: 100%; height: 840px; max-height: 95%;')
    await page.context().close()
  })
})

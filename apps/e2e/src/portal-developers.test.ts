/**
 * The Portal's developer pages, as an operations person uses them: a webhook consumer pointed at
 * a real receiver on 127.0.0.1 (a test event arrives, the log shows it with its attempt, a filter
 * survives Reload and Back), its secret revealed and rotated, an API key created (shown once, it
 * works; deleted, it is refused), a redirect template the server refuses, and a viewer who sees
 * no change controls and whose change the API refuses. Each page is checked with axe, at 768 px,
 * and by keyboard.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger, systemIds } from '../../server/src/app-deps.js'
import { createDeliveryWorker, type DeliveryWorker } from '../../server/src/modules/webhooks/index.js'
import { docsImage } from './docs-images.js'
import { expectAccessible, expectNoHorizontalScroll } from './page-checks.js'
import { startPortalTestbed, type PortalTestbed } from './portal-testbed.js'

const UNICODE_NAME = 'Müller & Söhne — 株式会社 🚀'

/** A webhook receiver: answers each POST with `status` and a short body, and keeps what it got. */
class Receiver {
  readonly received: Array<{ eventType: string; body: string }> = []
  status = 200
  #server: Server | undefined

  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        this.received.push({ eventType: (JSON.parse(body) as { eventType: string }).eventType, body })
        res.writeHead(this.status, { 'content-type': 'text/plain; charset=utf-8' }).end(this.status === 200 ? `received by ${UNICODE_NAME}` : 'invalid signature')
      })
    })
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/linkway-hooks`
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.#server?.close(resolve))
  }
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** True when the focused element shows the focus ring a keyboard user needs. */
async function isFocusVisible(page: Page): Promise<boolean> {
  return (await page.evaluate('document.activeElement !== document.body && document.activeElement.matches(":focus-visible")')) as boolean
}

const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(key).toString('base64')}` })

describe('the Portal: redirects, webhooks and API keys', () => {
  let bed: PortalTestbed
  let receiver: Receiver
  let receiverUrl: string
  let worker: DeliveryWorker
  let consumerId: string

  beforeAll(async () => {
    bed = await startPortalTestbed()
    // The log shows real times, and the worker compares due times with this clock.
    bed.t.clock.set(new Date())
    receiver = new Receiver()
    receiverUrl = await receiver.start()
    worker = createDeliveryWorker({
      database: bed.t.database,
      clock: bed.t.clock,
      ids: systemIds,
      secrets: bed.t.secrets,
      outboundPolicy: { allowLoopback: true, allowPrivate: false },
      disableAfterMs: 5 * 24 * 3_600_000,
      retentionMs: 30 * 24 * 3_600_000,
      logger: silentLogger,
    })
    await worker.start()
  }, 60_000)
  afterAll(async () => {
    await worker?.stop()
    await receiver?.stop()
    await bed?.close()
  })

  it('adds a consumer, sends a test event that the receiver gets and the log shows, and keeps a filter across Reload and Back', async () => {
    const page = await bed.newPage()
    await bed.signIn(page, bed.admin, '/portal/webhooks')
    expect(await page.title()).toBe('Webhooks · Linkway Portal')
    await expect.poll(() => page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Webhooks' }).getAttribute('aria-current')).toBe('page')

    await page.getByRole('button', { name: 'Add consumer' }).click()
    await page.getByLabel('Endpoint URL', { exact: true }).fill(receiverUrl)
    await page.getByRole('checkbox', { name: 'company.created' }).check()
    await page.getByRole('checkbox', { name: 'webhook.test' }).check()
    await page.locator('form').getByRole('button', { name: 'Add consumer' }).dblclick()
    await page.waitForURL(/\/portal\/webhooks\?consumer=/)
    consumerId = new URL(page.url()).searchParams.get('consumer')!
    const consumers = (await bed.api('GET', '/webhooks')).json().results
    expect(consumers).toEqual([expect.objectContaining({ id: consumerId, url: receiverUrl, eventTypes: ['company.created', 'webhook.test'], disabled: false })])

    // The signing secret is not on the page until asked for.
    await expect.poll(() => page.getByRole('heading', { name: /Messages to/ }).textContent()).toContain(receiverUrl)
    expect(await page.getByLabel('Signing secret', { exact: true }).count()).toBe(0)
    expect(await page.content()).not.toContain('whsec_')

    await page.getByRole('button', { name: 'Send test event' }).dblclick()
    await waitUntil(() => receiver.received.length >= 1, 'the receiver got the test event')
    expect(receiver.received.map((message) => message.eventType)).toEqual(['webhook.test'])
    // A failing message too, for the filter: the receiver refuses company.created.
    receiver.status = 401
    const company = await bed.api('POST', '/companies', { name: UNICODE_NAME })
    expect(company.statusCode).toBe(200)
    // The API keeps the name as it stores it (it drops what a name may not hold); the Portal shows that.
    const companyName = company.json().name as string
    await waitUntil(() => receiver.received.length >= 2, 'the receiver got company.created')

    const rows = page.locator('table:has(caption:text("Messages")) tbody tr')
    await expect
      .poll(async () => {
        await page.getByRole('button', { name: 'Refresh' }).click()
        return await rows.count()
      })
      .toBe(2)
    const testRow = rows.filter({ hasText: 'webhook.test' })
    await expect.poll(() => testRow.textContent()).toContain('HTTP 200')
    expect(await testRow.textContent()).toContain('Success')
    expect(await testRow.locator('pre').textContent()).toBe(`received by ${UNICODE_NAME}`)
    const failedRow = rows.filter({ hasText: 'company.created' })
    await expect.poll(() => failedRow.textContent()).toContain('HTTP 401')
    expect(await failedRow.locator('pre').textContent()).toBe('invalid signature')
    await docsImage(page, 'webhooks', 'portal')
    await expectAccessible(page, 'the webhooks page with its log')

    // Filter by status, by keyboard: the address carries it, so Reload keeps it and Back undoes it.
    await page.getByLabel('Status', { exact: true }).focus()
    await page.getByLabel('Status', { exact: true }).selectOption('Success')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Filter')
    expect(await isFocusVisible(page)).toBe(true)
    await page.keyboard.press('Enter')
    await page.waitForURL(/status=Success/)
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.first().textContent()).toContain('webhook.test')
    await page.reload()
    await expect.poll(() => page.getByLabel('Status', { exact: true }).inputValue()).toBe('Success')
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.first().textContent()).toContain('webhook.test')
    await page.goBack()
    await page.waitForURL((url) => !url.search.includes('status='))
    await expect.poll(() => page.getByLabel('Status', { exact: true }).inputValue()).toBe('')
    await expect.poll(() => rows.count()).toBe(2)
    // The company filter: the message about the company, not the test event.
    await page.getByLabel('Company', { exact: true }).selectOption({ label: companyName })
    await page.getByRole('button', { name: 'Filter', exact: true }).click()
    await page.waitForURL(/companyId=/)
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.first().textContent()).toContain('company.created')

    // Resend acts once, however often it is clicked.
    receiver.status = 200
    // The test's clock stands still, so the failed message's own retry (5 s after its failure) never
    // falls due: what arrives now is the resend alone. (Advancing the clock here let the worker's
    // poll retry it first on a busy machine, and the count saw two deliveries.)
    const before = receiver.received.length
    await rows.first().getByRole('button', { name: /Resend/ }).dblclick()
    await waitUntil(() => receiver.received.length > before, 'the resent message arrived')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(receiver.received.length).toBe(before + 1)

    await page.setViewportSize({ width: 768, height: 1000 })
    await expectNoHorizontalScroll(page, 'the webhooks page at 768 px')
    await page.close()
  })

  it('reveals the secret on request and rotates it after a confirmation that Escape cancels', async () => {
    const page = await bed.newPage()
    await bed.signIn(page, bed.admin, `/portal/webhooks?consumer=${consumerId}`)
    const original = (await bed.api('GET', `/webhooks/${consumerId}/secret`)).json().secret as string
    await page.getByRole('button', { name: 'Reveal secret' }).click()
    await expect.poll(() => page.getByLabel('Signing secret', { exact: true }).inputValue()).toBe(original)

    const rotate = page.getByRole('button', { name: 'Rotate secret' })
    await rotate.focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Rotate the signing secret?' })
    await dialog.waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Rotate secret')
    expect((await bed.api('GET', `/webhooks/${consumerId}/secret`)).json().secret).toBe(original)

    await rotate.click()
    await dialog.getByRole('button', { name: 'Rotate secret' }).dblclick()
    await dialog.waitFor({ state: 'hidden' })
    const rotated = (await bed.api('GET', `/webhooks/${consumerId}/secret`)).json().secret as string
    expect(rotated).not.toBe(original)
    await expect.poll(() => page.getByLabel('Signing secret', { exact: true }).inputValue()).toBe(rotated)
    await expectAccessible(page, 'the revealed, rotated secret')
    await page.close()
  })

  it('creates an API key once, shows it once, and deletes it: the API agrees each time', async () => {
    const page = await bed.newPage()
    await bed.signIn(page, bed.admin, '/portal/api-keys')
    const countKeys = async () => ((await bed.api('GET', '/apiKeys')).json().results as unknown[]).length
    const keysBefore = await countKeys()

    // By keyboard: Tab into the name, type, Enter submits; a double click on Create makes one key.
    await page.getByLabel('Name (optional)', { exact: true }).focus()
    expect(await isFocusVisible(page)).toBe(true)
    await page.keyboard.type(UNICODE_NAME)
    await page.getByRole('button', { name: 'Create key' }).dblclick()
    const shown = page.getByLabel('API key', { exact: true })
    await shown.waitFor()
    const key = await shown.inputValue()
    expect(key.length).toBeGreaterThan(20)
    expect(await page.getByText('it will not be shown again').count()).toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await countKeys()).toBe(keysBefore + 1)
    await docsImage(page, 'api-key-created', 'portal')
    await expectAccessible(page, 'a key just created')

    const withKey = await bed.t.app.inject({ method: 'GET', url: '/companies', headers: basic(key) })
    expect(withKey.statusCode).toBe(200)

    // Reload: the key is gone from the page, listed by its name and last four characters.
    await page.reload()
    const row = page.locator('tbody tr', { hasText: UNICODE_NAME })
    await row.waitFor()
    expect(await page.getByLabel('API key', { exact: true }).count()).toBe(0)
    expect(await page.content()).not.toContain(key)
    const listed = ((await bed.api('GET', '/apiKeys')).json().results as Array<{ name: string; apiKey: string }>).find((item) => item.name === UNICODE_NAME)!
    expect(listed.apiKey).not.toBe(key)
    expect(listed.apiKey.endsWith(key.slice(-4))).toBe(true)
    expect(await row.textContent()).toContain(listed.apiKey)
    await docsImage(page, 'api-keys', 'portal')

    // Delete by keyboard: Enter opens the dialog, Escape closes it, then Space confirms.
    const remove = row.getByRole('button', { name: /Delete/ })
    await remove.focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Delete this API key?' })
    await dialog.waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect(await countKeys()).toBe(keysBefore + 1)
    // Focus goes back to the button that opened the dialog (a moment after it closes, on a busy machine): Enter again.
    await expect.poll(() => remove.evaluate((button) => button === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true)
    await page.keyboard.press('Enter')
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Delete key' }).focus()
    await page.keyboard.press('Space')
    await dialog.waitFor({ state: 'hidden' })
    await row.waitFor({ state: 'detached' })
    expect(await countKeys()).toBe(keysBefore)
    expect((await bed.t.app.inject({ method: 'GET', url: '/companies', headers: basic(key) })).statusCode).toBe(401)

    await page.setViewportSize({ width: 768, height: 1000 })
    await expectNoHorizontalScroll(page, 'the API keys page at 768 px')
    await expectAccessible(page, 'the API keys page at 768 px')
    await page.close()
  })

  it('shows the server\'s refusal of an unsafe redirect template at its field, and saves a safe one', async () => {
    const page = await bed.newPage()
    await bed.signIn(page, bed.admin, '/portal/settings/redirects')
    const template = page.getByLabel('Redirect URL', { exact: true })
    await template.fill('https:{env}/x')
    await page.getByRole('button', { name: 'Save redirect' }).click()
    const refusal = (await bed.api('PUT', '/profile', { name: 'Acme Lending', redirectUrl: 'https:{env}/x', whiteListUrls: [] })).json()
    const message = refusal.validation.errors.find((item: { itemId: string }) => item.itemId === 'redirectUrl').message as string
    expect(message).toContain('{env}')
    await expect.poll(() => template.getAttribute('aria-invalid')).toBe('true')
    const describedBy = (await template.getAttribute('aria-describedby'))!.split(' ')
    const errorText = await page.locator(`[id="${describedBy.at(-1)}"]`).textContent()
    expect(errorText).toBe(message)
    expect((await bed.api('GET', '/profile')).json().redirectUrl).not.toBe('https:{env}/x')
    await expectAccessible(page, 'a refused redirect template')

    await template.fill('https://app.acme.example/linked/{companyId}?status={statusCode}')
    await page.getByLabel('Allowed redirect URLs', { exact: true }).fill('https://app.acme.example/linked')
    await page.getByRole('button', { name: 'Save redirect' }).dblclick()
    await page.getByText('Saved. Link uses it').waitFor()
    expect((await bed.api('GET', '/profile')).json()).toMatchObject({ redirectUrl: 'https://app.acme.example/linked/{companyId}?status={statusCode}', whiteListUrls: ['https://app.acme.example/linked'] })

    // Sync settings: one data type made weekly, and the API has it.
    const firstType = (await bed.api('GET', '/profile/syncSettings')).json().settings[0].dataType as string
    await page.getByLabel(`Schedule of ${firstType}`).selectOption({ label: 'Weekly' })
    await page.getByRole('button', { name: 'Save sync settings' }).click()
    await page.getByText('Saved. Scheduled syncs').waitFor()
    const saved = (await bed.api('GET', '/profile/syncSettings')).json().settings.find((setting: { dataType: string }) => setting.dataType === firstType)
    expect(saved.syncSchedule).toBe(168)
    await page.reload()
    await expect.poll(() => page.getByLabel(`Schedule of ${firstType}`).inputValue()).toBe('168')
    await docsImage(page, 'redirects-and-sync', 'portal')
    await page.setViewportSize({ width: 768, height: 1000 })
    await expectNoHorizontalScroll(page, 'the redirects page at 768 px')
    await page.close()
  })

  it('shows a viewer the pages without change controls, and the API refuses their change', async () => {
    const page = await bed.newPage()
    await bed.signIn(page, bed.viewer, `/portal/webhooks?consumer=${consumerId}`)
    await page.locator('table:has(caption:text("Messages")) tbody tr').first().waitFor()
    for (const name of ['Add consumer', 'Send test event', 'Reveal secret', 'Rotate secret', 'Recover failures', 'Disable', 'Delete', 'Resend']) {
      expect(await page.getByRole('button', { name: new RegExp(`^${name}`) }).count(), name).toBe(0)
    }
    await expectAccessible(page, "a viewer's webhooks page")

    await page.goto(`${bed.t.url}/portal/api-keys`)
    await page.locator('tbody tr').first().waitFor()
    expect(await page.getByRole('button', { name: 'Create key' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: /^Delete/ }).count()).toBe(0)
    const refused = (await page.evaluate(`(async () => {
      const me = await (await fetch('/portal/api/me')).json()
      const res = await fetch('/apiKeys', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: '{"name":"viewer"}' })
      return { status: res.status, body: await res.json() }
    })()`)) as { status: number; body: { error: string } }
    expect(refused).toEqual({ status: 403, body: expect.objectContaining({ error: 'Forbidden: a Portal viewer may not do this.' }) })

    await page.goto(`${bed.t.url}/portal/settings/redirects`)
    await page.getByRole('heading', { name: 'Sync settings' }).waitFor()
    await page.getByText('https://app.acme.example/linked/{companyId}').waitFor()
    expect(await page.getByRole('textbox').count()).toBe(0)
    expect(await page.getByRole('button', { name: /^Save/ }).count()).toBe(0)
    await expectAccessible(page, "a viewer's redirects page")
    await page.close()
  })
})

import { describe, expect, it } from 'vitest'
import { checkConsumerUrl } from './consumer-url.js'
import type { OutboundPolicy } from './outbound-address.js'

const strict: OutboundPolicy = { allowLoopback: false, allowPrivate: false }
const open: OutboundPolicy = { allowLoopback: true, allowPrivate: true }

// The machine has no network: every name but `localhost` resolves through this table.
const dnsTable: Record<string, string[]> = {
  'hooks.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'rebind.example': ['127.0.0.1'],
  'internal.example': ['10.0.0.5'],
  'mixed.example': ['93.184.216.34', '10.0.0.5'],
  'metadata.example': ['169.254.169.254'],
  'empty.example': [],
}
const resolvedNames: string[] = []
async function resolve(hostname: string): Promise<string[]> {
  resolvedNames.push(hostname)
  const addresses = dnsTable[hostname]
  if (addresses === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
  return addresses
}

describe('checkConsumerUrl', () => {
  it('accepts an https URL whose every address is public', async () => {
    const check = await checkConsumerUrl('https://hooks.example.com/linkway?tenant=7', { policy: strict, resolve })
    expect(check).toEqual({ ok: true, url: new URL('https://hooks.example.com/linkway?tenant=7') })
  })

  it('accepts a public IP literal without resolving anything', async () => {
    resolvedNames.length = 0
    expect(await checkConsumerUrl('http://93.184.216.34:8080/hook', { policy: strict, resolve })).toMatchObject({ ok: true })
    expect(resolvedNames).toEqual([])
  })

  it.each([
    ['not a url', 'The URL is not a valid absolute URL.'],
    ['/relative/path', 'The URL is not a valid absolute URL.'],
    ['ftp://hooks.example.com/x', 'The URL must use http or https.'],
    ['file:///etc/passwd', 'The URL must use http or https.'],
    ['https://user:secret@hooks.example.com/', 'The URL must not contain a user name or password.'],
    ['https://user@hooks.example.com/', 'The URL must not contain a user name or password.'],
    [`https://hooks.example.com/${'a'.repeat(2048)}`, 'The URL is longer than 2048 characters.'],
  ])('refuses %s', async (text, reason) => {
    expect(await checkConsumerUrl(text, { policy: open, resolve })).toEqual({ ok: false, reason })
  })

  it('never repeats the password it refuses', async () => {
    const check = await checkConsumerUrl('https://user:hunter2@hooks.example.com/', { policy: strict, resolve })
    expect(JSON.stringify(check)).not.toContain('hunter2')
  })

  it.each([
    ['http://169.254.169.254/latest/meta-data/', open, "The URL's host is a link-local address (cloud metadata), which webhooks may not target."],
    ['http://[fe80::1]/', open, "The URL's host is a link-local address (cloud metadata), which webhooks may not target."],
    ['http://10.0.0.1/', strict, "The URL's host is a private address, which webhooks may not target."],
    ['http://172.16.4.2/', strict, "The URL's host is a private address, which webhooks may not target."],
    ['http://192.168.0.10/', strict, "The URL's host is a private address, which webhooks may not target."],
    ['http://100.64.1.1/', strict, "The URL's host is a private address, which webhooks may not target."],
    ['http://[fd00::1]/', strict, "The URL's host is a private address, which webhooks may not target."],
    ['http://[::1]:8080/', strict, "The URL's host is a loopback address, which webhooks may not target."],
    ['http://[::ffff:127.0.0.1]/', strict, "The URL's host is a loopback address, which webhooks may not target."],
    ['http://0x7f.1/', strict, "The URL's host is a loopback address, which webhooks may not target."],
    ['http://2130706433/', strict, "The URL's host is a loopback address, which webhooks may not target."],
    ['http://0.0.0.0:8080/', open, "The URL's host is an unspecified address, which webhooks may not target."],
    ['http://224.0.0.1/', open, "The URL's host is a multicast address, which webhooks may not target."],
  ])('refuses the IP literal in %s', async (text, policy, reason) => {
    expect(await checkConsumerUrl(text, { policy, resolve })).toEqual({ ok: false, reason })
  })

  it('lets loopback and private literals through when the policy allows them', async () => {
    expect(await checkConsumerUrl('http://[::1]:8080/hook', { policy: open, resolve })).toMatchObject({ ok: true })
    expect(await checkConsumerUrl('http://127.0.0.1:8080/hook', { policy: open, resolve })).toMatchObject({ ok: true })
    expect(await checkConsumerUrl('http://10.0.0.1/hook', { policy: open, resolve })).toMatchObject({ ok: true })
  })

  it('resolves localhost with the system resolver and refuses it unless loopback is allowed', async () => {
    expect(await checkConsumerUrl('http://localhost:8080/hook', { policy: strict })).toEqual({
      ok: false,
      reason: 'The URL resolves to a loopback address, which webhooks may not target.',
    })
    expect(await checkConsumerUrl('http://localhost:8080/hook', { policy: { allowLoopback: true, allowPrivate: false } })).toMatchObject({ ok: true })
  })

  it.each([
    ['http://rebind.example/', 'The URL resolves to a loopback address, which webhooks may not target.'],
    ['http://internal.example/', 'The URL resolves to a private address, which webhooks may not target.'],
    ['http://mixed.example/', 'The URL resolves to a private address, which webhooks may not target.'],
    ['http://metadata.example/', 'The URL resolves to a link-local address (cloud metadata), which webhooks may not target.'],
    ['http://nowhere.example/', 'The host name does not resolve.'],
    ['http://empty.example/', 'The host name does not resolve.'],
  ])('refuses %s by what the name resolves to', async (text, reason) => {
    expect(await checkConsumerUrl(text, { policy: strict, resolve })).toEqual({ ok: false, reason })
  })

  it('says so when DNS fails rather than answering that the name does not exist', async () => {
    const failing = () => Promise.reject(Object.assign(new Error('queryA ESERVFAIL'), { code: 'ESERVFAIL' }))
    expect(await checkConsumerUrl('https://hooks.example.com/', { policy: strict, resolve: failing })).toEqual({
      ok: false,
      reason: 'The host name could not be resolved (DNS lookup failed).',
    })
  })

  it('never names the internal address a host name resolves to', async () => {
    const check = await checkConsumerUrl('http://internal.example/', { policy: strict, resolve })
    expect(JSON.stringify(check)).not.toContain('10.0.0.5')
  })
})

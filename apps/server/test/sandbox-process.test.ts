/**
 * `npm start`'s sandbox platforms, in the real process: the banner names them, a connection links
 * through their consent page, and after a restart the connection and its grant are both still
 * there; their admin routes take the token the banner points at, which it never prints.
 */
import { readFileSync, statSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import path from 'node:path'
import { approveConsent } from '@linkway/sandbox-platforms'
import { afterEach, describe, expect, it } from 'vitest'
import { PROCESS_TEST_TIMEOUT_MS, basicHeader, cleanUpServers, newDataDir, startServer, stopServer } from './server-process.js'

afterEach(() => {
  cleanUpServers()
})

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

function sandboxAdminToken(dataDir: string): string {
  return readFileSync(path.join(dataDir, 'sandbox-admin-token'), 'utf8').trim()
}

describe('the sandbox platforms in the embedded process', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it('link a connection through the consent page, and keep it across a restart (with a new admin token)', async () => {
    const dataDir = newDataDir()
    const port = await freePort()
    // The callback must reach this process: PUBLIC_URL is its real address.
    const env = { DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` }
    const first = await startServer(env)
    const sandboxUrl = /Sandboxes\s+(http:\/\/\S+)/.exec(first.output())?.[1]
    expect(sandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const headers = { authorization: basicHeader(first.apiKey!), 'content-type': 'application/json' }
    const company = (await (await fetch(`${first.url}/companies`, { method: 'POST', headers, body: JSON.stringify({ name: 'Sandbox user' }) })).json()) as { id: string }
    const connection = (await (
      await fetch(`${first.url}/companies/${company.id}/connections`, { method: 'POST', headers, body: JSON.stringify({ platformKey: 'mqjo' }) })
    ).json()) as { id: string; linkUrl: string }
    const toPlatform = (await fetch(connection.linkUrl, { redirect: 'manual' })).headers.get('location')!
    expect(toPlatform.startsWith(`${sandboxUrl}/accounting/oauth/authorize?`)).toBe(true)
    const callback = await approveConsent(toPlatform)
    const done = await fetch(callback, { redirect: 'manual' })
    expect(done.status).toBe(200)
    expect(await done.text()).toContain('Sandbox accounting is connected')
    const firstAdminToken = sandboxAdminToken(dataDir)
    expect(await stopServer(first)).toBe(0)

    const second = await startServer(env)
    expect(sandboxAdminToken(dataDir)).not.toBe(firstAdminToken)
    const read = (await (await fetch(`${second.url}/companies/${company.id}/connections/${connection.id}`, { headers })).json()) as { status: string }
    expect(read.status).toBe('Linked')
    const secondSandbox = /Sandboxes\s+(http:\/\/\S+)/.exec(second.output())?.[1]
    const grants = (await (await fetch(`${secondSandbox}/admin/grants`, { headers: { authorization: `Bearer ${sandboxAdminToken(dataDir)}` } })).json()) as Array<{ platform: string; isRevoked: boolean }>
    expect(grants.filter((grant) => grant.platform === 'accounting' && !grant.isRevoked)).toHaveLength(1)
    expect(await stopServer(second)).toBe(0)
  })

  it('keep their admin token in a 0600 file the banner names (or take SANDBOX_ADMIN_TOKEN), and refuse calls without it', async () => {
    const dataDir = newDataDir()
    const tokenFile = path.join(dataDir, 'sandbox-admin-token')
    const first = await startServer({ DATA_DIR: dataDir })
    const firstToken = sandboxAdminToken(dataDir)
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600)
    expect(first.output()).toContain(`admin API: -H "Authorization: Bearer $(cat '${tokenFile}')"`)
    expect(first.output()).not.toContain(firstToken)
    const sandboxUrl = /Sandboxes\s+(http:\/\/\S+)/.exec(first.output())?.[1]
    const expire = (headers: Record<string, string>, body: string) => fetch(`${sandboxUrl}/admin/tokens/expire`, { method: 'POST', headers, body })
    expect((await expire({ 'content-type': 'application/x-www-form-urlencoded' }, 'platform=accounting')).status).toBe(415)
    expect((await expire({ 'content-type': 'application/json' }, '{}')).status).toBe(401)
    expect((await expire({ authorization: `Bearer ${firstToken}`, 'content-type': 'application/json' }, '{}')).status).toBe(200)
    expect(await stopServer(first)).toBe(0)

    // A token given by SANDBOX_ADMIN_TOKEN is the one, and no file is left naming an old one.
    const given = 'given-sandbox-admin-token-0123456789abcdef'
    const second = await startServer({ DATA_DIR: dataDir, SANDBOX_ADMIN_TOKEN: given })
    expect(second.output()).toContain('admin API: -H "Authorization: Bearer $SANDBOX_ADMIN_TOKEN"')
    expect(second.output()).not.toContain(given)
    const secondSandbox = /Sandboxes\s+(http:\/\/\S+)/.exec(second.output())?.[1]
    expect((await fetch(`${secondSandbox}/admin/grants`, { headers: { authorization: `Bearer ${given}` } })).status).toBe(200)
    expect(() => statSync(tokenFile)).toThrow(/ENOENT/)
    expect(await stopServer(second)).toBe(0)
  })

  it('are off with SANDBOX_PLATFORMS=false: no banner line, no sandbox integrations', async () => {
    const server = await startServer({ DATA_DIR: newDataDir(), SANDBOX_PLATFORMS: 'false' })
    expect(server.output()).not.toContain('Sandboxes')
    const headers = { authorization: basicHeader(server.apiKey!) }
    const sandboxes = (await (await fetch(`${server.url}/integrations?query=${encodeURIComponent('isSandbox=true')}`, { headers })).json()) as { totalResults: number }
    expect(sandboxes.totalResults).toBe(0)
  })
})

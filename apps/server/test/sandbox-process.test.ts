/**
 * `npm start`'s sandbox platforms, in the real process: the banner names them, a connection links
 * through their consent page, and after a restart the connection and its grant are both still there.
 */
import { createServer, type AddressInfo } from 'node:net'
import { approveConsent } from '@linkway/sandbox-platforms'
import { afterEach, describe, expect, it } from 'vitest'
import { basicHeader, cleanUpServers, newDataDir, startServer, stopServer } from './server-process.js'

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

describe('the sandbox platforms in the embedded process', () => {
  it('link a connection through the consent page, and keep it across a restart', async () => {
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
    expect(await done.text()).toContain('Sandbox is connected')
    expect(await stopServer(first)).toBe(0)

    const second = await startServer(env)
    const read = (await (await fetch(`${second.url}/companies/${company.id}/connections/${connection.id}`, { headers })).json()) as { status: string }
    expect(read.status).toBe('Linked')
    const secondSandbox = /Sandboxes\s+(http:\/\/\S+)/.exec(second.output())?.[1]
    const grants = (await (await fetch(`${secondSandbox}/admin/grants`)).json()) as Array<{ platform: string; isRevoked: boolean }>
    expect(grants.filter((grant) => grant.platform === 'accounting' && !grant.isRevoked)).toHaveLength(1)
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

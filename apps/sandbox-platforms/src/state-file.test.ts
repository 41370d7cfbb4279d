import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { buildSandboxApp } from './sandbox-app.js'
import { CLIENT, getJson, linkPlatform, obtainCode, redeemCode, refresh, REDIRECT_URI, startTestSandbox, type TestSandbox } from './testing/sandbox-harness.js'

const directories: string[] = []
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true })
})

function stateFilePath(): string {
  const directory = mkdtempSync(join(tmpdir(), 'sandbox-state-'))
  directories.push(directory)
  return join(directory, 'nested', 'state.json')
}

describe('the state file', () => {
  it('keeps clients, grants and tokens across a restart, holding only digests of tokens', async () => {
    const stateFile = stateFilePath()
    let sandbox: TestSandbox = await startTestSandbox({ stateFile })
    sandbox.admin.registerClient({ clientId: 'added-later', clientSecret: 'later-secret', redirectUris: [REDIRECT_URI] })
    const tokens = await linkPlatform(sandbox, 'accounting', 'accounting.read offline_access')
    const pending = await obtainCode(sandbox, 'accounting', 'accounting.read')
    const firstPage = await (await getJson(`${sandbox.endpoints.accounting.apiBaseUrl}/invoices?pageSize=5`, tokens.access_token)).json()
    await sandbox.close()

    const saved = readFileSync(stateFile, 'utf8')
    for (const secret of [tokens.access_token, tokens.refresh_token ?? '', pending.code]) expect(saved).not.toContain(secret)
    expect(readdirSync(join(stateFile, '..'))).toEqual(['state.json'])
    // Readable by its owner only, whatever the umask (this test runs with the shell's).
    expect(statSync(stateFile).mode & 0o777).toBe(0o600)
    expect(statSync(join(stateFile, '..')).mode & 0o777).toBe(0o700)

    sandbox = await startTestSandbox({ stateFile })
    try {
      const again = await getJson(`${sandbox.endpoints.accounting.apiBaseUrl}/invoices?pageSize=5`, tokens.access_token)
      expect(again.status).toBe(200)
      expect(await again.json()).toEqual(firstPage)
      expect((await redeemCode(sandbox, 'accounting', pending)).status).toBe(200)
      expect((await refresh(sandbox, 'accounting', tokens.refresh_token ?? '')).status).toBe(200)
      expect(sandbox.admin.listGrants().map((grant) => grant.clientId)).toEqual([CLIENT.clientId, CLIENT.clientId])
      const added = new URL(sandbox.endpoints.accounting.authorizeUrl)
      added.search = new URLSearchParams({ client_id: 'added-later', redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'accounting.read', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' }).toString()
      expect((await fetch(added, { redirect: 'manual' })).status).toBe(200)
    } finally {
      await sandbox.close()
    }
  })

  it('refuses to start on a file that is not its own rather than overwrite it', async () => {
    const stateFile = stateFilePath()
    await (await buildSandboxApp({ publicUrl: 'http://localhost:8081', clients: [CLIENT], stateFile })).close()
    writeFileSync(stateFile, '{ not json')
    await expect(buildSandboxApp({ publicUrl: 'http://localhost:8081', clients: [CLIENT], stateFile })).rejects.toThrow(`The sandbox state file ${stateFile} is not valid JSON; move it away to start afresh.`)
    writeFileSync(stateFile, '{"version":2}')
    await expect(buildSandboxApp({ publicUrl: 'http://localhost:8081', clients: [CLIENT], stateFile })).rejects.toThrow('is not one this version wrote')
  })
})

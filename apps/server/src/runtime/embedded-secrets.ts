/**
 * @module Secrets embedded mode keeps in DATA_DIR, readable by the owner only (0600): the token
 * encryption key, generated at first start; the first API key, so the start banner can show it
 * again; and this start's sandbox admin token, so the banner can name a file rather than print it.
 * Scale-out deployments pass ENCRYPTION_KEYS and keep no key on disk.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { EncryptionKey } from '@linkway/vault'
import type { RandomSource } from '../app-deps.js'

const ENCRYPTION_KEY_FILE = 'encryption-keys'
const FIRST_API_KEY_FILE = 'first-api-key'
const SANDBOX_ADMIN_TOKEN_FILE = 'sandbox-admin-token'

function writeSecretFile(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, content, { mode: 0o600, flag: 'wx' })
  chmodSync(file, 0o600)
}

/** Reads DATA_DIR/encryption-keys (format of ENCRYPTION_KEYS), creating it with one new key if absent. */
export function loadOrCreateEncryptionKeys(dataDir: string, random: RandomSource): EncryptionKey[] {
  const file = path.join(dataDir, ENCRYPTION_KEY_FILE)
  if (!existsSync(file)) writeSecretFile(file, `k1:${random.bytes(32).toString('base64')}\n`)
  return readFileSync(file, 'utf8')
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [id, material] = entry.split(':')
      const key = Buffer.from(material ?? '', 'base64')
      if (!id || key.length !== 32) throw new Error(`${file} is damaged: each line must be <keyId>:<32 bytes in base64>`)
      return { id, key }
    })
}

export function rememberFirstApiKey(dataDir: string, apiKey: string): void {
  writeSecretFile(path.join(dataDir, FIRST_API_KEY_FILE), `${apiKey}\n`)
}

export function readFirstApiKey(dataDir: string): string | undefined {
  const file = path.join(dataDir, FIRST_API_KEY_FILE)
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined
}

/** Writes the sandbox admin token of this start to DATA_DIR/sandbox-admin-token, replacing the last start's; returns the file. */
export function rememberSandboxAdminToken(dataDir: string, token: string): string {
  const file = path.join(dataDir, SANDBOX_ADMIN_TOKEN_FILE)
  rmSync(file, { force: true })
  writeSecretFile(file, `${token}\n`)
  return file
}

/** Removes the file an earlier start wrote, when SANDBOX_ADMIN_TOKEN now gives the token: it would name a dead one. */
export function forgetSandboxAdminToken(dataDir: string): void {
  rmSync(path.join(dataDir, SANDBOX_ADMIN_TOKEN_FILE), { force: true })
}

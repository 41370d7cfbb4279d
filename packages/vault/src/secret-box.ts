/**
 * @module Encryption at rest for secrets Linkway must be able to use again (webhook signing
 * secrets, platform tokens): AES-256-GCM with a key id in every sealed value, so keys can rotate
 * (the first key seals, every listed key opens), and associated data that binds a sealed value to
 * the row it belongs to, so a value copied into another row does not open.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

export interface EncryptionKey {
  id: string
  key: Buffer
}

/** Layout: version (1) · key-id length (1) · key id · IV (12) · tag (16) · ciphertext. */
const FORMAT_VERSION = 1
const IV_BYTES = 12
const TAG_BYTES = 16

export class SecretBoxError extends Error {
  constructor(
    readonly code: 'unknown_key' | 'tampered' | 'malformed',
    message: string,
  ) {
    super(message)
    this.name = 'SecretBoxError'
  }
}

export interface SecretBox {
  /** `context` names the owner (e.g. `webhook_consumers:<id>:secret`); open() must be given the same. */
  seal(plaintext: string, context: string): Buffer
  open(sealed: Buffer, context: string): string
  /** The id of the key new values are sealed with. */
  readonly currentKeyId: string
  /**
   * A 32-byte subkey of every key, the current one first, each with its key's id (HKDF-SHA256,
   * `purpose` as its info): a secret that must rotate with these keys, such as the consent
   * receipts' signing keys, without another key file to keep. Different purposes give unrelated keys.
   */
  deriveKeys(purpose: string): EncryptionKey[]
}

export function createSecretBox(keys: readonly EncryptionKey[], random: (size: number) => Buffer = randomBytes): SecretBox {
  const [current] = keys
  if (!current) throw new Error('createSecretBox needs at least one key')
  for (const { id, key } of keys) {
    if (key.length !== 32) throw new Error(`Encryption key ${id} must be 32 bytes`)
    if (Buffer.byteLength(id) > 255) throw new Error('Encryption key ids must be at most 255 bytes')
  }
  const byId = new Map(keys.map((entry) => [entry.id, entry.key]))

  return {
    currentKeyId: current.id,

    deriveKeys(purpose) {
      return keys.map(({ id, key }) => ({ id, key: Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), Buffer.from(`linkway:${purpose}`, 'utf8'), 32)) }))
    },

    seal(plaintext, context) {
      const keyId = Buffer.from(current.id, 'utf8')
      const iv = random(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', current.key, iv)
      cipher.setAAD(Buffer.from(context, 'utf8'))
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      return Buffer.concat([Buffer.from([FORMAT_VERSION, keyId.length]), keyId, iv, cipher.getAuthTag(), ciphertext])
    },

    open(sealed, context) {
      if (sealed.length < 2 || sealed[0] !== FORMAT_VERSION) throw new SecretBoxError('malformed', 'The sealed value has an unknown format')
      const idLength = sealed[1]!
      const headerEnd = 2 + idLength
      if (sealed.length < headerEnd + IV_BYTES + TAG_BYTES) throw new SecretBoxError('malformed', 'The sealed value is truncated')
      const keyId = sealed.subarray(2, headerEnd).toString('utf8')
      const key = byId.get(keyId)
      // The message names the key id (not secret) so an operator knows which key to restore.
      if (!key) throw new SecretBoxError('unknown_key', `The value was sealed with key "${keyId}", which is not configured`)
      const iv = sealed.subarray(headerEnd, headerEnd + IV_BYTES)
      const tag = sealed.subarray(headerEnd + IV_BYTES, headerEnd + IV_BYTES + TAG_BYTES)
      const decipher = createDecipheriv('aes-256-gcm', key, iv)
      decipher.setAAD(Buffer.from(context, 'utf8'))
      decipher.setAuthTag(tag)
      try {
        return Buffer.concat([decipher.update(sealed.subarray(headerEnd + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
      } catch {
        throw new SecretBoxError('tampered', 'The sealed value does not open: it was altered, or belongs to another record')
      }
    },
  }
}

/** @module Secrets at rest: AES-256-GCM with key ids (rotation) and associated data (binding to a row). */
export { createSecretBox, SecretBoxError, type EncryptionKey, type SecretBox } from './secret-box.js'

/**
 * @module Company access tokens as material: 256 random bits behind a prefix, stored as SHA-256.
 * As for API keys (api-keys/key-material.ts), a password KDF would add nothing against 256-bit
 * secrets and would cost time on every Link API call.
 */
import { createHash } from 'node:crypto'
import type { RandomSource } from '../../app-deps.js'

/** Tells a company token apart from an API key (`lwk_`) in a log or a secret scanner's finding. */
export const COMPANY_TOKEN_PREFIX = 'lwc_'
/** The prefix and 32 bytes in base64url (43 characters): anything else is not a token we issued, and costs no lookup. */
const TOKEN_FORM = /^lwc_[A-Za-z0-9_-]{43}$/

export function generateCompanyToken(random: RandomSource): string {
  return COMPANY_TOKEN_PREFIX + random.bytes(32).toString('base64url')
}

export function isCompanyTokenForm(text: string): boolean {
  return TOKEN_FORM.test(text)
}

export function hashCompanyToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest()
}

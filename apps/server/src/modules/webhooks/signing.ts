/**
 * @module Standard Webhooks signing: `webhook-id`, `webhook-timestamp`, and `webhook-signature`
 * = `v1,` base64 HMAC-SHA256 of `id.timestamp.body` keyed with the base64 part of `whsec_…`.
 * While a rotated-out secret is still valid, both signatures are sent, space-separated.
 */
import { createHmac } from 'node:crypto'
import type { RandomSource } from '../../app-deps.js'

const SECRET_PREFIX = 'whsec_'

export function generateSigningSecret(random: RandomSource): string {
  return SECRET_PREFIX + random.bytes(24).toString('base64')
}

/** The header `webhook-id`: one per event, the same on every retry, so receivers can de-duplicate. */
export function webhookMessageId(eventId: string): string {
  return `msg_${eventId.replaceAll('-', '')}`
}

export function sign(secret: string, messageId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64')
  return 'v1,' + createHmac('sha256', key).update(`${messageId}.${timestampSeconds}.${body}`).digest('base64')
}

export function signedHeaders(secrets: readonly string[], messageId: string, sentAt: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(sentAt.getTime() / 1000)
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((secret) => sign(secret, messageId, timestamp, body)).join(' '),
  }
}

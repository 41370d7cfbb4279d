#!/usr/bin/env node
/**
 * Verifies a Linkway consent receipt against the signing keys your Linkway publishes.
 * Node 20 or later, no dependencies (node:crypto). See docs/consent-receipts.md.
 *
 *   node verify-consent-receipt.mjs <receipt file> <Linkway URL>
 *
 * <receipt file>: the JSON file a person downloads from Link, or the body of
 *   GET /companies/{companyId}/connections/{connectionId}/consent, or a bare compact JWS.
 * <Linkway URL>: the Linkway you trust (e.g. https://linkway.example.com). Its keys are fetched from
 *   <Linkway URL>/.well-known/linkway-consent-keys.json. Never take the URL from the file itself:
 *   whoever made the file could point it at their own keys.
 *
 * Exit code 0: the signature holds and the receipt is what was signed; 1: it does not; 2: usage.
 */
import { createPublicKey, verify } from 'node:crypto'
import { readFile } from 'node:fs/promises'

const [file, linkwayUrl] = process.argv.slice(2)
if (!file || !linkwayUrl) {
  console.error('usage: node verify-consent-receipt.mjs <receipt file> <Linkway URL>')
  process.exit(2)
}

function fail(reason) {
  console.error(`NOT VALID: ${reason}`)
  process.exit(1)
}

const text = (await readFile(file, 'utf8')).trim()
// The downloaded file and the API's answer are JSON with `jws`; a bare JWS is three base64url parts.
const document = text.startsWith('{') ? JSON.parse(text) : { jws: text }
const parts = String(document.jws ?? '').split('.')
if (parts.length !== 3) fail('the file holds no compact JWS')
const [encodedHeader, encodedPayload, encodedSignature] = parts

const header = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8'))
if (header.alg !== 'EdDSA') fail(`unexpected algorithm ${header.alg}`)

const issuer = linkwayUrl.replace(/\/+$/, '')
const response = await fetch(`${issuer}/.well-known/linkway-consent-keys.json`)
if (!response.ok) fail(`the keys could not be fetched (HTTP ${response.status})`)
const jwks = await response.json()
const jwk = jwks.keys.find((key) => key.kid === header.kid)
if (!jwk) fail(`${issuer} publishes no key ${header.kid}`)

const signingInput = Buffer.from(`${encodedHeader}.${encodedPayload}`, 'ascii')
const publicKey = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' })
if (!verify(null, signingInput, publicKey, Buffer.from(encodedSignature, 'base64url'))) fail('the signature does not match the receipt')

const receipt = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8'))
if (receipt.issuer !== issuer) fail(`the receipt was issued by ${receipt.issuer}, not ${issuer}`)
// The readable copy beside the JWS must say the same as what was signed.
if (document.receipt !== undefined && JSON.stringify(sortKeys(document.receipt)) !== JSON.stringify(sortKeys(receipt))) fail('the receipt in the file differs from the signed one')

console.log(`VALID: signed by ${issuer} with key ${header.kid}`)
console.log(`  ${receipt.consentedAt}: ${receipt.company.name} agreed to share ${receipt.platform.name} data (${receipt.dataTypes.join(', ')}) with ${receipt.client.name}, shown in "${receipt.language}"`)
console.log(`  purpose: ${receipt.texts.purpose.text}`)
console.log(`  retention: ${receipt.texts.retention.text}`)

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]))
  return value
}

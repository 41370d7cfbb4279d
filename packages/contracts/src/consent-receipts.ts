/**
 * @module Signed consent receipts (Linkway's extension; docs/consent-receipts.md): what a person saw
 * and agreed to on Link's consent screen before going to a platform, signed by Linkway (a compact
 * JWS, EdDSA over Ed25519) so either side can prove it later with the published keys.
 */
import { z } from 'zod'
import { LINK_LANGUAGES } from './hosted-link.js'
import { LINK_CATEGORIES } from './link-settings.js'

/**
 * Bounds on the rendered texts: only against a runaway body, never below what a client's settings
 * can render to (a setting's placeholders each fill up to a company name's 255 characters, so a
 * 200-character title can render to several thousand). The server compares the texts with its own
 * rendering anyway; the body limit (1 MiB) bounds the whole.
 */
const RENDERED_SHORT = 20_000
const RENDERED_LONG = 200_000

/** A section of the consent screen as the person read it: its heading and its text. */
export const ConsentSection = z.object({ heading: z.string().max(RENDERED_SHORT), text: z.string().max(RENDERED_LONG) })
export type ConsentSection = z.infer<typeof ConsentSection>

/**
 * The consent screen's texts as rendered: placeholders filled and Markdown reduced to the words
 * shown (paragraphs separated by a blank line, list items as `- item`, a link as `label <url>`).
 * The Link component sends these; the server renders the same screen itself and refuses texts that differ.
 */
export const RenderedConsentTexts = z
  .object({
    title: z.string().max(RENDERED_SHORT),
    subtitle: z.string().max(RENDERED_LONG),
    purpose: ConsentSection,
    access: ConsentSection,
    accountInformation: ConsentSection,
    platformData: z.object({ heading: z.string().max(RENDERED_SHORT), items: z.array(z.string().max(RENDERED_SHORT)).max(200) }),
    retention: ConsentSection,
    termsAndConditions: z.string().max(RENDERED_LONG),
  })
  .meta({ id: 'RenderedConsentTexts' })
export type RenderedConsentTexts = z.infer<typeof RenderedConsentTexts>

/** What the Link component sends with Allow access: the language it showed and the texts it rendered. */
export const GivenConsent = z.object({ lang: z.enum(LINK_LANGUAGES), texts: RenderedConsentTexts })
export type GivenConsent = z.infer<typeof GivenConsent>

/** The signed statement: the JWS's payload, as canonical JSON (keys sorted, no spaces). */
export const ConsentReceipt = z
  .object({
    /** Format version of this object. */
    version: z.literal(1),
    receiptId: z.uuid(),
    /** The Linkway that signed it (its PUBLIC_URL). */
    issuer: z.string(),
    consentedAt: z.string(),
    client: z.object({ id: z.uuid(), name: z.string() }),
    company: z.object({ id: z.uuid(), name: z.string() }),
    connectionId: z.uuid(),
    platform: z.object({ key: z.string(), name: z.string(), sourceType: z.string() }),
    category: z.enum(LINK_CATEGORIES),
    language: z.enum(LINK_LANGUAGES),
    /** The data types shared, as keys (`invoices`, `banking-transactions`); `texts.platformData` lists them as shown. */
    dataTypes: z.array(z.string()),
    texts: RenderedConsentTexts,
  })
  .meta({ id: 'ConsentReceipt' })
export type ConsentReceipt = z.infer<typeof ConsentReceipt>

/** `GET /companies/{companyId}/connections/{connectionId}/consent`, and the file a person downloads. */
export const SignedConsentReceipt = z
  .object({
    receipt: ConsentReceipt,
    /** Compact JWS (`alg` EdDSA, `kid`) whose payload is `receipt` as canonical JSON. */
    jws: z.string(),
    /** The key that signed it, in the JWKS at `jwksUrl`. */
    kid: z.string(),
    jwksUrl: z.string(),
  })
  .meta({ id: 'SignedConsentReceipt' })
export type SignedConsentReceipt = z.infer<typeof SignedConsentReceipt>

/** An Ed25519 public key as a JWK (RFC 8037). */
export const ConsentSigningJwk = z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string(), kid: z.string(), alg: z.literal('EdDSA'), use: z.literal('sig') })
export const ConsentSigningJwks = z.object({ keys: z.array(ConsentSigningJwk) }).meta({ id: 'ConsentSigningJwks' })
export type ConsentSigningJwks = z.infer<typeof ConsentSigningJwks>

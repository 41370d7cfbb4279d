/** @module What a token endpoint gives us, in our own words, with the expiry as an instant. */

export interface TokenSet {
  accessToken: string
  /** Absent where the platform issues none (Shopify's offline tokens never expire). */
  refreshToken?: string
  tokenType: string
  scope?: string
  /** Absent where the platform says nothing about expiry. */
  expiresAt?: Date
  /** Non-secret fields of the token response a platform's definition keeps (Stripe's `stripe_user_id`). */
  parameters?: Record<string, string>
}

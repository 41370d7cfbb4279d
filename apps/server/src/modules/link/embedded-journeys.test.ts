import { FakeClock } from '@linkway/test-kit'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../app-error.js'
import { TEST_SECRETS } from '../../testing/test-app.js'
import { checkEmbedOrigin, createEmbedTokens, EMBED_TOKEN_TTL_MS } from './embedded-journeys.js'

const PUBLIC_URL = 'https://link.example'
const CONNECTION = '3c6f2a10-5d4b-4f8e-9b21-7a0c9e8d1f42'
const OTHER_CONNECTION = '49e1dcd9-bcfa-4afa-a281-00069b6a53da'

/** The reason a refused origin gives, as the wire body's message ends. */
function refusal(origin: string | undefined): string {
  try {
    checkEmbedOrigin(origin, PUBLIC_URL)
  } catch (error) {
    if (error instanceof AppError && error.code === 'link_embed_origin_invalid') return error.message
    throw error
  }
  throw new Error(`${origin} was accepted`)
}

describe('checkEmbedOrigin', () => {
  it('takes an http(s) origin exactly as the WHATWG parser writes it', () => {
    expect(checkEmbedOrigin('https://app.acme.example', PUBLIC_URL)).toBe('https://app.acme.example')
    expect(checkEmbedOrigin('http://127.0.0.1:5173', PUBLIC_URL)).toBe('http://127.0.0.1:5173')
    expect(checkEmbedOrigin('https://link.example:8443', PUBLIC_URL)).toBe('https://link.example:8443')
  })

  it('refuses no Origin, Linkway’s own, and anything that is not an origin as written', () => {
    expect(refusal(undefined)).toBe("display 'popup' needs the Origin of the page that embeds Link: the request has no Origin header; send it from the page that embeds Link.")
    expect(refusal('https://link.example')).toBe("display 'popup' needs the Origin of the page that embeds Link: the Origin is Linkway’s own; hosted Link returns in its own window.")
    const notAnOrigin = "display 'popup' needs the Origin of the page that embeds Link: the Origin header is not an http(s) origin (scheme://host[:port])."
    for (const origin of ['null', '', 'app.acme.example', 'https://app.acme.example/', 'https://app.acme.example/page', 'https://APP.acme.example', 'https://app.acme.example:443', 'https://user@app.acme.example', 'ftp://app.acme.example', 'file:///tmp', 'javascript:alert(1)', '*']) {
      expect(refusal(origin), origin).toBe(notAnOrigin)
    }
  })
})

describe('the sealed origin of a popup start URL', () => {
  it('opens for its connection until it expires, and for no other', () => {
    const clock = new FakeClock()
    const tokens = createEmbedTokens({ secrets: TEST_SECRETS, clock })
    const token = tokens.seal(CONNECTION, 'https://app.acme.example')
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(tokens.open(token, CONNECTION)).toBe('https://app.acme.example')
    expect(tokens.open(token, OTHER_CONNECTION)).toBeUndefined()
    expect(tokens.open(`${token.slice(0, -2)}AA`, CONNECTION)).toBeUndefined()
    expect(tokens.open('not a token', CONNECTION)).toBeUndefined()
    expect(tokens.open('A'.repeat(5000), CONNECTION)).toBeUndefined()
    clock.advance(EMBED_TOKEN_TTL_MS - 1)
    expect(tokens.open(token, CONNECTION)).toBe('https://app.acme.example')
    clock.advance(1)
    expect(tokens.open(token, CONNECTION)).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import { buildMailtoUrl } from './share-invitation.js'

describe('buildMailtoUrl', () => {
  it('encodes subject and body with encodeURIComponent, line breaks as CRLF, and appends the link', () => {
    expect(buildMailtoUrl({ subject: 'Connect Toft & Co', body: 'Hello,\n\nOpen this link:', shareUrl: 'https://link.example/c/1?x=1&y=2' })).toBe(
      'mailto:?subject=Connect%20Toft%20%26%20Co&body=Hello%2C%0D%0A%0D%0AOpen%20this%20link%3A%0D%0A%0D%0Ahttps%3A%2F%2Flink.example%2Fc%2F1%3Fx%3D1%26y%3D2',
    )
  })

  it('does not repeat the link when the body already holds it', () => {
    const url = buildMailtoUrl({ subject: 's', body: 'Go to https://link.example/c/1 now', shareUrl: 'https://link.example/c/1' })
    expect(decodeURIComponent(url.split('&body=')[1]!)).toBe('Go to https://link.example/c/1 now')
  })
})

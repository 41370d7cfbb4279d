/** @module A platform's mark in the platform list: its logo image, or a monogram where it has none. */
import { useState } from 'preact/hooks'
import { safeImageUrl } from './common.js'

/** Up to two letters: the first of each of the first two words ("Sage Intacct" → "SI"), any script. */
export function monogramOf(name: string): string {
  const words = name.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '')
  return words
    .slice(0, 2)
    .map((word) => Array.from(word)[0]!.toLocaleUpperCase())
    .join('')
}

/**
 * Decorative (the platform's name is the button's text beside it), so the image has an empty alt
 * and the monogram is hidden from screen readers. A logo that fails to load falls back to the
 * monogram rather than leaving a broken-image icon.
 */
export function PlatformMark(props: { name: string; logoUrl: string | undefined }) {
  const [isBroken, setBroken] = useState(false)
  const logo = safeImageUrl(props.logoUrl)
  if (logo && !isBroken) return <img class="lw-platform-logo" src={logo} alt="" width={40} height={40} onError={() => setBroken(true)} />
  return (
    <span class="lw-platform-logo lw-platform-monogram" aria-hidden="true">
      {monogramOf(props.name)}
    </span>
  )
}

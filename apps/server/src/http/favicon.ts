/**
 * @module `/favicon.ico`: browsers ask for it on every page Linkway serves (Link pages, the API
 * docs), whatever the page says; it answers a small icon, cached, instead of a 404 in the API's
 * error body. The icon is drawn here, a 16×16 ICO built in memory, so there is no binary file to keep.
 */
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'

/** `b` the Link pages' button blue (#2748c4), `w` white, `.` transparent: an "L" on a rounded square. */
const PIXELS = [
  '.bbbbbbbbbbbbbb.',
  'bbbbbbbbbbbbbbbb',
  'bbbbbbbbbbbbbbbb',
  'bbbbwwbbbbbbbbbb',
  'bbbbwwbbbbbbbbbb',
  'bbbbwwbbbbbbbbbb',
  'bbbbwwbbbbbbbbbb',
  'bbbbwwbbbbbbbbbb',
  'bbbbwwbbbbbbbbbb',
  'bbbbwwbbbbbbbbbb',
  'bbbbwwbbbbbbbbbb',
  'bbbbwwwwwwwwbbbb',
  'bbbbwwwwwwwwbbbb',
  'bbbbbbbbbbbbbbbb',
  'bbbbbbbbbbbbbbbb',
  '.bbbbbbbbbbbbbb.',
]

/** Blue, green, red, alpha: a BMP's byte order. */
const COLOURS: Record<string, [number, number, number, number]> = { b: [0xc4, 0x48, 0x27, 0xff], w: [0xff, 0xff, 0xff, 0xff], '.': [0, 0, 0, 0] }

/**
 * An ICO of one 32-bit image: the directory (6 bytes), its one entry (16), a BITMAPINFOHEADER
 * (40; the height counts the colour rows and the mask's, so it is doubled), the colour rows
 * bottom-up, then the 1-bit mask (rows padded to 4 bytes; set where transparent, for old readers).
 */
export function drawFavicon(pixels: readonly string[] = PIXELS): Buffer {
  const size = pixels.length
  const maskRowBytes = Math.ceil(size / 32) * 4
  const imageBytes = 40 + size * size * 4 + size * maskRowBytes
  const ico = Buffer.alloc(6 + 16 + imageBytes)
  ico.writeUInt16LE(1, 2) // type: icon
  ico.writeUInt16LE(1, 4) // one image
  ico.writeUInt8(size, 6)
  ico.writeUInt8(size, 7)
  ico.writeUInt16LE(1, 10) // planes
  ico.writeUInt16LE(32, 12) // bits per pixel
  ico.writeUInt32LE(imageBytes, 14)
  ico.writeUInt32LE(22, 18) // where the image starts
  ico.writeUInt32LE(40, 22)
  ico.writeInt32LE(size, 26)
  ico.writeInt32LE(size * 2, 30)
  ico.writeUInt16LE(1, 34)
  ico.writeUInt16LE(32, 36)
  const colours = 22 + 40
  const mask = colours + size * size * 4
  for (let row = 0; row < size; row++) {
    const line = pixels[size - 1 - row]!
    for (let column = 0; column < size; column++) {
      const pixel = line[column]!
      Buffer.from(COLOURS[pixel]!).copy(ico, colours + (row * size + column) * 4)
      const maskByte = mask + row * maskRowBytes + (column >> 3)
      if (pixel === '.') ico.writeUInt8(ico.readUInt8(maskByte) | (0x80 >> (column & 7)), maskByte)
    }
  }
  return ico
}

const FAVICON = drawFavicon()
const FAVICON_ETAG = `"${createHash('sha256').update(FAVICON).digest('base64url').slice(0, 16)}"`

/** GET (and HEAD) /favicon.ico: public, cached for a week, revalidated with its ETag after. */
export function registerFavicon(app: FastifyInstance): void {
  app.get('/favicon.ico', { schema: { hide: true } }, async (request, reply) => {
    reply.header('cache-control', 'public, max-age=604800').header('etag', FAVICON_ETAG)
    if (request.headers['if-none-match'] === FAVICON_ETAG) return await reply.code(304).send()
    return await reply.header('content-type', 'image/x-icon').header('x-content-type-options', 'nosniff').send(FAVICON)
  })
}

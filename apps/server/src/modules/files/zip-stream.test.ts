import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { attachmentDisposition, zipEntryName, zipStream } from './zip-stream.js'

describe('attachmentDisposition', () => {
  it('keeps the exact name in filename* and a plain-ASCII one in filename, so no name can break the header', () => {
    expect(attachmentDisposition('Bäckerei "Müller"; x=1.zip')).toBe(`attachment; filename="B_ckerei _M_ller_; x=1.zip"; filename*=UTF-8''B%C3%A4ckerei%20%22M%C3%BCller%22%3B%20x%3D1.zip`)
    expect(attachmentDisposition('株式会社テスト\r\nSet-Cookie: a=b.zip')).not.toMatch(/[\r\n]/)
  })
})

describe('zipEntryName', () => {
  it('keeps a name, takes out folders and control characters, and numbers repeats', () => {
    const taken = new Set<string>()
    expect(zipEntryName('Bilanz 2025.pdf', taken)).toBe('Bilanz 2025.pdf')
    expect(zipEntryName('bilanz 2025.PDF', taken)).toBe('bilanz 2025 (2).PDF')
    expect(zipEntryName('../../etc/passwd', taken)).toBe('.._.._etc_passwd')
  })
})

describe('zipStream', () => {
  it('writes every entry with its content, read one at a time', async () => {
    const reads: string[] = []
    const entry = (fileName: string, text: string) => ({
      fileName,
      uploaded: new Date('2026-01-01T00:00:00Z'),
      content: async () => {
        reads.push(fileName)
        return Buffer.from(text)
      },
    })
    const chunks: Buffer[] = []
    for await (const chunk of zipStream([entry('a.csv', 'x,y'), entry('a.csv', 'z'), entry('株式会社.pdf', '%PDF-')])) chunks.push(Buffer.from(chunk as Uint8Array))
    const files = unzipSync(new Uint8Array(Buffer.concat(chunks)))
    expect(Object.fromEntries(Object.entries(files).map(([name, data]) => [name, Buffer.from(data).toString()]))).toEqual({ 'a.csv': 'x,y', 'a (2).csv': 'z', '株式会社.pdf': '%PDF-' })
    expect(reads).toEqual(['a.csv', 'a.csv', '株式会社.pdf'])
  })
})

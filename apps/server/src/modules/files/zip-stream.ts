/**
 * @module A company's files as one ZIP archive, streamed: entries are stored (the formats are
 * compressed already), one file's content is read at a time, and the writer waits while the
 * reader is slow, so a download's memory is one file whatever the company holds.
 */
import { PassThrough, type Readable } from 'node:stream'
import { Zip, ZipPassThrough } from 'fflate'
import type { DownloadEntry } from './service.js'

/** A name safe as a ZIP entry: no folders (so no `../`), no control characters; repeats numbered. */
export function zipEntryName(fileName: string, taken: Set<string>): string {
  const safe = fileName.replace(/[\u0000-\u001f\u007f/\\]/g, '_') || 'file'
  const dot = safe.lastIndexOf('.')
  const [stem, extension] = dot > 0 ? [safe.slice(0, dot), safe.slice(dot)] : [safe, '']
  let name = safe
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${stem} (${n})${extension}`
  taken.add(name.toLowerCase())
  return name
}

export function zipStream(entries: readonly DownloadEntry[]): Readable {
  const out = new PassThrough()
  const zip = new Zip((error, chunk, isFinal) => {
    if (error) return void out.destroy(error)
    out.write(chunk)
    if (isFinal) out.end()
  })
  // Whichever comes first settles the wait and takes the other listener away, so a long download
  // to a slow reader does not pile up listeners.
  const drained = () => new Promise<void>((resolve) => {
    const settle = () => {
      out.off('drain', settle)
      out.off('close', settle)
      resolve()
    }
    out.once('drain', settle)
    out.once('close', settle)
  })
  void (async () => {
    const taken = new Set<string>()
    try {
      for (const entry of entries) {
        if (out.destroyed) return
        const file = new ZipPassThrough(zipEntryName(entry.fileName, taken))
        file.mtime = entry.uploaded
        zip.add(file)
        file.push(await entry.content(), true)
        if (out.writableNeedDrain) await drained()
      }
      zip.end()
    } catch (error) {
      out.destroy(error instanceof Error ? error : new Error(String(error)))
    }
  })()
  return out
}

/**
 * `Content-Disposition: attachment` for a name that may hold any Unicode: an ASCII fallback in
 * `filename` (quotes and anything outside printable ASCII replaced) and the exact name in RFC 5987's
 * `filename*`, percent-encoded, so no name can end the header or add another.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_')
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`
}

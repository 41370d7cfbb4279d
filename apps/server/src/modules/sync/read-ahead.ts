/**
 * @module Pages read ahead of their consumer, in order. Each page's request needs the cursor the
 * page before it gave, so pages are read one after another; what this adds is that the next read
 * starts as soon as the last one ends, while the consumer still works on earlier pages, up to a
 * bound on the pages held.
 */
import type { PageCursor } from '@linkway/platform-data'

export interface PagesAhead<Page> {
  /** The next page in order (its read's failure is thrown here, after every page before it); undefined after the last. */
  take(): Promise<Page | undefined>
  /** Reads nothing more (the read under way, if any, ends unseen). */
  stop(): void
}

/**
 * Reads from `first` (undefined: the first page) until a page has no `next`, holding at most
 * `depth` pages read or being read that `take` has not returned yet. A failed read ends the
 * reading; its failure is kept for `take`.
 *
 * @example
 * const pages = readPagesAhead(undefined, (cursor) => readPage(cursor), 2)
 * for (let page = await pages.take(); page; page = await pages.take()) await store(page)
 */
export function readPagesAhead<Page extends { next?: PageCursor | undefined }>(
  first: PageCursor | undefined,
  read: (cursor: PageCursor | undefined) => Promise<Page>,
  depth: number,
): PagesAhead<Page> {
  const queue: Array<Promise<Page>> = []
  /** The cursor of the next page to read, while it waits for room or for the read before it. */
  let waiting: { cursor: PageCursor | undefined } | undefined = { cursor: first }
  let isStopped = false

  const fill = () => {
    if (isStopped || !waiting || queue.length >= depth) return
    const { cursor } = waiting
    waiting = undefined
    const reading = read(cursor)
    queue.push(reading)
    reading.then(
      (page) => {
        if (page.next === undefined) return
        waiting = { cursor: page.next }
        fill()
      },
      // Seen by `take` when it reaches this page; nothing is read after it.
      () => {},
    )
  }
  fill()

  return {
    async take() {
      const next = queue.shift()
      if (!next) return undefined
      fill()
      return await next
    },
    stop() {
      isStopped = true
    },
  }
}

/**
 * Pages read ahead of the engine that stores them: in order, the next read started before the
 * consumer asks for it, never more than the bound held, and a failed read seen only after every
 * page before it. Pure: pages are promises the test settles by hand.
 */
import type { PageCursor } from '@linkway/platform-data'
import { describe, expect, it } from 'vitest'
import { readPagesAhead } from './read-ahead.js'

interface Page {
  number: number
  next: PageCursor | undefined
}

/** A platform of `count` pages whose reads the test answers one by one, oldest first; it records which pages were asked for. */
function platform(count: number) {
  const asked: number[] = []
  const unanswered: Array<{ number: number; resolve: (page: Page) => void; reject: (error: Error) => void }> = []
  const read = (cursor: PageCursor | undefined) => {
    const number = cursor === undefined ? 1 : Number(cursor['page'])
    asked.push(number)
    return new Promise<Page>((resolve, reject) => unanswered.push({ number, resolve, reject }))
  }
  /** Lets the reader react to an answer before the test looks. */
  const settle = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve()
  }
  return {
    asked,
    read,
    async answer(): Promise<void> {
      const oldest = unanswered.shift()!
      oldest.resolve({ number: oldest.number, next: oldest.number < count ? { page: oldest.number + 1 } : undefined })
      await settle()
    },
    async fail(message: string): Promise<void> {
      unanswered.shift()!.reject(new Error(message))
      await settle()
    },
  }
}

describe('readPagesAhead', () => {
  it('requests the next page as soon as the last one read names it, up to two pages not yet taken', async () => {
    const p = platform(5)
    const pages = readPagesAhead(undefined, p.read, 2)
    expect(p.asked).toEqual([1])
    await p.answer()
    expect(p.asked).toEqual([1, 2])
    await p.answer()
    // Pages 1 and 2 are read and not taken: the bound holds page 3 back.
    expect(p.asked).toEqual([1, 2])
    expect((await pages.take())?.number).toBe(1)
    expect(p.asked).toEqual([1, 2, 3])
    await p.answer()
    expect((await pages.take())?.number).toBe(2)
    expect(p.asked).toEqual([1, 2, 3, 4])
    await p.answer()
    expect(p.asked).toEqual([1, 2, 3, 4])
    expect((await pages.take())?.number).toBe(3)
    expect(p.asked).toEqual([1, 2, 3, 4, 5])
    await p.answer()
    expect([(await pages.take())?.number, (await pages.take())?.number]).toEqual([4, 5])
    expect(await pages.take()).toBeUndefined()
  })

  it('with a bound of one, reads the next page only once the one before it is taken', async () => {
    const p = platform(3)
    const pages = readPagesAhead({ page: 2 }, p.read, 1)
    expect(p.asked).toEqual([2])
    await p.answer()
    expect(p.asked).toEqual([2])
    expect((await pages.take())?.number).toBe(2)
    expect(p.asked).toEqual([2, 3])
  })

  it('throws a failed read after every page before it, and reads nothing after it', async () => {
    const p = platform(5)
    const pages = readPagesAhead(undefined, p.read, 2)
    await p.answer()
    await p.fail('page 2 answered 500')
    expect((await pages.take())?.number).toBe(1)
    await expect(pages.take()).rejects.toThrow('page 2 answered 500')
    expect(p.asked).toEqual([1, 2])
  })

  it('reads nothing more once stopped', async () => {
    const p = platform(5)
    const pages = readPagesAhead(undefined, p.read, 2)
    pages.stop()
    await p.answer()
    expect(p.asked).toEqual([1])
    expect((await pages.take())?.number).toBe(1)
    expect(await pages.take()).toBeUndefined()
  })
})

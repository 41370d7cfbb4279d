import { describe, expect, it } from 'vitest'
import { WORKER_HEAP_OPTION, workerHeapNotice } from './worker-heap.js'

const MB = 1024 * 1024

describe('the worker heap notice', () => {
  it('says nothing for a worker started with the option or another up to 1,536 MB (the limit V8 reports adds its young generation)', () => {
    expect(WORKER_HEAP_OPTION).toBe('--max-old-space-size=512')
    expect(workerHeapNotice(560 * MB)).toBeUndefined()
    expect(workerHeapNotice(1072 * MB)).toBeUndefined()
    expect(workerHeapNotice(1536 * MB)).toBeUndefined()
  })

  it('names the limit and the option for a worker started with the default of V8 on a large machine', () => {
    expect(workerHeapNotice(4144 * MB)).toBe(
      "This worker's V8 heap limit is 4144 MB: its memory will rise by tens of MB over a long sync before V8 collects. Start workers with --max-old-space-size=512 (on node's command line or in NODE_OPTIONS; see docs/deployment.md).",
    )
  })
})

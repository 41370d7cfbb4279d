/**
 * @module The V8 heap limit a worker process is started with (`node --max-old-space-size=1024
 * apps/server/dist/main.js --role=worker`), and the notice a worker logs when it was started with
 * a much larger one.
 *
 * Why a limit: what a sync holds when a scavenge comes (the page being stored and the one being
 * read) is moved to the old generation, which only a major collection empties: 36-54 MB over a
 * 100,000-record sync, by `--trace-gc-nvp`. V8 lets the old generation grow further before one
 * the larger the heap limit is, and its default limit follows the machine's memory (4,144 MB on a
 * 23.5 GiB host). With that default the worker's RSS rose 51-78 MB over a 100,000-record sync
 * against 9-32 MB over 10,000 (21-49 MB apart), with one or two major collections a sync; with
 * 1,024 MB, 29-48 against 15-37 (-5 to +18 apart), with two to five. 2,048 MB was not flat (54
 * against 15), 1,536 MB narrowly.
 * docs/performance.md, "Worker memory, flat", has the runs.
 *
 * Why 1,024 MB and not less: past the limit V8 stops the process (out of memory). A worker's live
 * heap is about 50 MB, plus two pages per running dataset (SYNC_CONCURRENCY of them), and a page
 * may be as large as a platform sends (the engine refuses above 64 MB of JSON; not measured how
 * large that is parsed). 512 MB was flat too; 1,024 MB keeps more headroom for large pages.
 */

/** What `--max-old-space-size` a worker is started with, in MB. */
export const WORKER_HEAP_LIMIT_MB = 1024

/** The node option that sets it: on the command line before the script, or in NODE_OPTIONS. */
export const WORKER_HEAP_OPTION = `--max-old-space-size=${WORKER_HEAP_LIMIT_MB}`

/** Above this heap limit the measured growth was no longer flat (2,048 MB: 54 MB at 100,000 records against 15 at 10,000). */
const FLAT_HEAP_LIMIT_MB = WORKER_HEAP_LIMIT_MB * 1.5

/**
 * What a worker logs at start when its heap limit (`v8.getHeapStatistics().heap_size_limit`, which
 * adds the young generation to `--max-old-space-size`) is above what keeps its memory flat; nothing
 * when it is not.
 */
export function workerHeapNotice(heapSizeLimitBytes: number): string | undefined {
  const limitMb = Math.round(heapSizeLimitBytes / (1024 * 1024))
  if (limitMb <= FLAT_HEAP_LIMIT_MB) return undefined
  return (
    `This worker's V8 heap limit is ${limitMb} MB: its memory will rise by tens of MB over a long sync before V8 collects. ` +
    `Start workers with ${WORKER_HEAP_OPTION} (on node's command line or in NODE_OPTIONS; see docs/deployment.md).`
  )
}

/**
 * @module The V8 heap limit a worker process is started with (`node --max-old-space-size=512
 * apps/server/dist/main.js --role=worker`), and the notice a worker logs when it was started with
 * a much larger one.
 *
 * Why a limit: what a sync holds when a scavenge comes (the page being stored and the one being
 * read) is moved to the old generation, which only a major collection empties: 36-54 MB over a
 * 100,000-record sync, by `--trace-gc-nvp`. V8 lets the old generation grow further before one
 * the larger the heap limit is, and its default limit follows the machine's memory (4,144 MB on a
 * 23.5 GiB host). With that default the worker's RSS rose 50-79 MB over a 100,000-record sync
 * against 9-32 MB over 10,000 (21-67 MB apart), with one or two major collections a sync. With
 * 512 MB it rose 19-45 MB (7 runs, -17 to +13 MB apart from the 10,000-record sync); with 1,024 MB
 * 29-48 (12 of 13 runs within 25 MB, one 30 apart); 1,536 MB narrowly, 2,048 MB not flat.
 * docs/performance.md, "Worker memory, flat", has the runs.
 *
 * What it costs: more major collections, about 24% more of the worker's CPU per record in the
 * bench (13% with 1,024 MB; records/s unchanged there). And past the limit V8 stops the process
 * (out of memory): a worker holds about 50 MB live plus two pages per running dataset
 * (SYNC_CONCURRENCY of them); a platform's pages may be far larger than the sandbox's (the engine
 * refuses above 64 MB of JSON; how large that is parsed was not measured), and a deployment syncing
 * such pages raises the limit.
 */

/** What `--max-old-space-size` a worker is started with, in MB. */
export const WORKER_HEAP_LIMIT_MB = 512

/** The node option that sets it: on the command line before the script, or in NODE_OPTIONS. */
export const WORKER_HEAP_OPTION = `--max-old-space-size=${WORKER_HEAP_LIMIT_MB}`

/** Above this heap limit the measured growth was no longer flat (2,048 MB: 54 MB at 100,000 records against 15 at 10,000). */
const NOT_FLAT_ABOVE_MB = 1536

/**
 * What a worker logs at start when its heap limit (`v8.getHeapStatistics().heap_size_limit`, which
 * adds the young generation to `--max-old-space-size`) is above what keeps its memory flat; nothing
 * when it is not.
 */
export function workerHeapNotice(heapSizeLimitBytes: number): string | undefined {
  const limitMb = Math.round(heapSizeLimitBytes / (1024 * 1024))
  if (limitMb <= NOT_FLAT_ABOVE_MB) return undefined
  return (
    `This worker's V8 heap limit is ${limitMb} MB: its memory will rise by tens of MB over a long sync before V8 collects. ` +
    `Start workers with ${WORKER_HEAP_OPTION} (on node's command line or in NODE_OPTIONS; see docs/deployment.md).`
  )
}

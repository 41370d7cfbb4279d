/**
 * @module The delivery worker: claims due deliveries, signs and POSTs them outside any
 * transaction, records the attempts, and schedules the next ones. It wakes on the NOTIFY that an
 * emitting transaction sends at commit, and on a short timer for retries that come due.
 *
 * Attempts run as a pool, not in rounds: a slot freed by one answer is filled by the next claim,
 * so a consumer that takes 15 s to time out holds only its own slots (at most
 * `maxInFlightPerConsumer`), never the others' deliveries. Outcomes are recorded in batches, one
 * statement for all the answers that arrived while the previous batch was being written.
 *
 * Our own table is the queue here, not pg-boss: a delivery's schedule, state and history are the
 * message log the API shows, and pg-boss's polling floor (0.5 s) is above the latency we want.
 */
import type { Database, Tables } from '@linkway/db'
import type { SecretBox } from '@linkway/vault'
import type { Kysely } from 'kysely'
import type { Clock, IdGenerator, Logger } from '../../app-deps.js'
import { throttledErrorLog } from '../../throttled-error-log.js'
import { secretContext } from './consumers-service.js'
import { DELIVERY_CHANNEL } from './emit-event.js'
import type { OutboundPolicy } from './outbound-address.js'
import { postWebhook, type LookupFunction, type WebhookPostResult } from './post-webhook.js'
import * as repo from './repo.js'
import { ATTEMPT_LEASE_MS, ATTEMPT_TIMEOUT_MS, delayAfterFailure } from './retry-schedule.js'
import { signedHeaders, webhookMessageId } from './signing.js'

export interface DeliveryWorkerDeps {
  database: Database
  clock: Clock
  ids: IdGenerator
  secrets: SecretBox
  outboundPolicy: OutboundPolicy
  /** A consumer failing continuously this long is disabled. */
  disableAfterMs: number
  /** Finished events older than this are deleted with their deliveries and attempts. */
  retentionMs: number
  /** POSTs in flight at once in this process; also what `deliverDue()` claims at most. */
  maxInFlight?: number
  /** POSTs in flight at once to one consumer, so a slow one cannot take every slot. */
  maxInFlightPerConsumer?: number
  /** How often to look for retries that came due, when nothing wakes the worker sooner. */
  pollIntervalMs?: number
  /** How often to prune the message log. */
  pruneIntervalMs?: number
  lookup?: LookupFunction
  logger: Logger
}

export interface DeliveryRound {
  claimed: number
  succeeded: number
}

/** Events pruned per statement, so one prune never holds many locks for long. */
const PRUNE_BATCH = 1_000

interface Finished {
  delivery: repo.ClaimedDelivery
  result: WebhookPostResult
  attemptedAt: Date
}

export function createDeliveryWorker(deps: DeliveryWorkerDeps) {
  const { database, clock, ids, secrets, outboundPolicy, disableAfterMs } = deps
  const db: Kysely<Tables> = database.db
  const maxInFlight = deps.maxInFlight ?? 50
  const maxInFlightPerConsumer = Math.min(deps.maxInFlightPerConsumer ?? 25, maxInFlight)
  const pollIntervalMs = deps.pollIntervalMs ?? 1_000
  const pruneIntervalMs = deps.pruneIntervalMs ?? 60 * 60 * 1_000

  async function attempt(delivery: repo.ClaimedDelivery): Promise<WebhookPostResult> {
    const envelope = {
      id: delivery.event_id,
      eventType: delivery.event_type,
      generatedDate: delivery.generated_at.toISOString(),
      payload: delivery.payload,
    }
    const body = JSON.stringify(envelope)
    const now = clock.now()
    const signingSecrets: string[] = []
    try {
      signingSecrets.push(secrets.open(delivery.secret_sealed, secretContext(delivery.consumer_id, 'current')))
      if (delivery.previous_secret_sealed && delivery.previous_secret_expires_at && delivery.previous_secret_expires_at > now) {
        signingSecrets.push(secrets.open(delivery.previous_secret_sealed, secretContext(delivery.consumer_id, 'previous')))
      }
    } catch (error) {
      // A removed encryption key: the attempt fails on the normal schedule and the log says why.
      return { ok: false, status: undefined, durationMs: 0, error: `cannot sign: ${(error as Error).message}`, responseExcerpt: undefined }
    }
    return await postWebhook({
      url: delivery.url,
      headers: signedHeaders(signingSecrets, webhookMessageId(delivery.event_id), now, body),
      body,
      timeoutMs: ATTEMPT_TIMEOUT_MS,
      policy: outboundPolicy,
      ...(deps.lookup ? { lookup: deps.lookup } : {}),
    })
  }

  async function record(finished: Finished[]): Promise<void> {
    const now = clock.now()
    // A consumer's latest answer in the batch decides whether its failure streak ends or goes on.
    const latestOkByConsumer = new Map<string, boolean>()
    const outcomes = finished.map(({ delivery, result, attemptedAt }): repo.AttemptOutcome => {
      latestOkByConsumer.set(delivery.consumer_id, result.ok)
      const attemptCount = delivery.attempt_count + 1
      const delay = result.ok ? undefined : delayAfterFailure(attemptCount)
      return {
        attemptId: ids.uuid(),
        deliveryId: delivery.id,
        attemptedAt,
        httpStatus: result.status ?? null,
        durationMs: Math.round(result.durationMs),
        error: result.error ?? null,
        responseExcerpt: result.responseExcerpt ?? null,
        status: result.ok ? 'Success' : delay === undefined ? 'Failure' : 'Attempting',
        attemptCount,
        nextAttemptAt: delay === undefined ? null : new Date(now.getTime() + delay),
      }
    })
    const consumerIds = [...latestOkByConsumer.keys()]
    await repo.recordOutcomes(db, outcomes, {
      healthyIds: consumerIds.filter((id) => latestOkByConsumer.get(id)),
      failingIds: consumerIds.filter((id) => !latestOkByConsumer.get(id)),
      now,
      disableIfFailingSince: new Date(now.getTime() - disableAfterMs),
    })
  }

  async function claim(limit: number, saturatedConsumerIds: string[], roomFor: (consumerId: string) => number): Promise<repo.Claim> {
    const now = clock.now()
    return await db.transaction().execute((trx) =>
      repo.claimDueDeliveries(trx, { now, leaseUntil: new Date(now.getTime() + ATTEMPT_LEASE_MS), limit, saturatedConsumerIds, roomFor }),
    )
  }

  /**
   * One round, for tests and tools that drive the worker step by step: claim what is due (up to
   * `maxInFlight`, `maxInFlightPerConsumer` each), attempt it all, record the outcomes.
   */
  async function deliverDue(): Promise<DeliveryRound> {
    const { deliveries } = await claim(maxInFlight, [], () => maxInFlightPerConsumer)
    const finished = await Promise.all(
      deliveries.map(async (delivery) => {
        const attemptedAt = clock.now()
        return { delivery, result: await attempt(delivery), attemptedAt }
      }),
    )
    await record(finished)
    return { claimed: deliveries.length, succeeded: finished.filter((f) => f.result.ok).length }
  }

  /** Deletes finished events past the retention, a batch at a time. Returns how many went. */
  async function pruneExpired(): Promise<number> {
    const before = new Date(clock.now().getTime() - deps.retentionMs)
    let pruned = 0
    for (;;) {
      const count = await repo.pruneFinishedEvents(db, before, PRUNE_BATCH)
      pruned += count
      if (count < PRUNE_BATCH) return pruned
    }
  }

  // The running pool.
  let isRunning = false
  let isClaiming = false
  /** A wake arrived, or the last claim left due work behind. */
  let isMoreDue = false
  const inFlight = new Set<Promise<void>>()
  const inFlightPerConsumer = new Map<string, number>()
  let unrecorded: Finished[] = []
  let recording: Promise<void> | undefined
  let timer: NodeJS.Timeout | undefined
  let stopListening: (() => Promise<void>) | undefined
  let lastPruneAt = 0
  let isPruning = false

  // The database briefly away: the next tick tries again, and leases keep every delivery owned.
  // A tick a second would log a line a second for as long as it is away; one per 30 s says as much.
  const failureLogs = new Map<string, (error: unknown) => void>()
  function logFailure(what: string, error: unknown): void {
    let log = failureLogs.get(what)
    if (!log) failureLogs.set(what, (log = throttledErrorLog(deps.logger, `webhook ${what}`)))
    log(error)
  }

  function wake(): void {
    if (!isRunning) return
    isMoreDue = true
    void fill()
  }

  /** Claims while there is room and work may be due; one claim at a time per process. */
  async function fill(): Promise<void> {
    if (isClaiming) return
    isClaiming = true
    try {
      while (isRunning && isMoreDue && inFlight.size < maxInFlight) {
        isMoreDue = false
        const saturated = [...inFlightPerConsumer].filter(([, count]) => count >= maxInFlightPerConsumer).map(([id]) => id)
        const claimed = await claim(maxInFlight - inFlight.size, saturated, (id) => maxInFlightPerConsumer - (inFlightPerConsumer.get(id) ?? 0))
        // A NOTIFY that arrived during the claim may be for a commit the claim did not see yet.
        const isWokenMeanwhile = isMoreDue
        if (claimed.isMoreDue) isMoreDue = true
        for (const delivery of claimed.deliveries) launch(delivery)
        // Nothing claimable: what is due waits for a consumer's slot (a finishing attempt calls fill()) or the next wake.
        if (claimed.deliveries.length === 0 && !isWokenMeanwhile) break
      }
    } catch (error) {
      logFailure('claim', error)
    } finally {
      isClaiming = false
    }
  }

  function launch(delivery: repo.ClaimedDelivery): void {
    inFlightPerConsumer.set(delivery.consumer_id, (inFlightPerConsumer.get(delivery.consumer_id) ?? 0) + 1)
    const attemptedAt = clock.now()
    const running: Promise<void> = attempt(delivery)
      .then((result) => {
        unrecorded.push({ delivery, result, attemptedAt })
      })
      .finally(() => {
        inFlight.delete(running)
        const left = (inFlightPerConsumer.get(delivery.consumer_id) ?? 1) - 1
        if (left === 0) inFlightPerConsumer.delete(delivery.consumer_id)
        else inFlightPerConsumer.set(delivery.consumer_id, left)
        void recordPending()
        if (isMoreDue) void fill()
      })
    inFlight.add(running)
  }

  /** Writes what has finished, one statement per batch; answers arriving meanwhile form the next. */
  function recordPending(): Promise<void> {
    recording ??= recordBatches().finally(() => (recording = undefined))
    return recording
  }

  async function recordBatches(): Promise<void> {
    // Yield first, so that `recording` is set before this can finish and answers landing in the same tick join.
    await Promise.resolve()
    while (unrecorded.length > 0) {
      const batch = unrecorded
      unrecorded = []
      try {
        await record(batch)
      } catch (error) {
        // Kept for the next try; a lease that runs out first means one more attempt, never a lost one.
        unrecorded = batch.concat(unrecorded)
        logFailure('recording', error)
        return
      }
    }
  }

  function tick(): void {
    wake()
    void recordPending()
    if (!isPruning && clock.now().getTime() - lastPruneAt >= pruneIntervalMs) {
      lastPruneAt = clock.now().getTime()
      isPruning = true
      pruneExpired()
        .catch((error: unknown) => logFailure('pruning', error))
        .finally(() => (isPruning = false))
    }
  }

  return {
    deliverDue,
    pruneExpired,
    wake,

    async start(): Promise<void> {
      if (isRunning) return
      isRunning = true
      stopListening = await database.listen(DELIVERY_CHANNEL, wake)
      timer = setInterval(tick, pollIntervalMs)
      timer.unref()
      tick()
    },

    /** Stops taking new work and waits for the attempts in flight to be recorded. */
    async stop(): Promise<void> {
      isRunning = false
      if (timer) clearInterval(timer)
      await stopListening?.()
      while (isClaiming || inFlight.size > 0) {
        await Promise.all([...inFlight])
        await new Promise((resolve) => setImmediate(resolve))
      }
      await recordPending()
    },
  }
}

export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>

/**
 * @module The delivery worker: claims due deliveries, signs and POSTs them outside any
 * transaction, records each attempt, and schedules the next one. It wakes on the NOTIFY that an
 * emitting transaction sends at commit, and on a short timer for retries that come due.
 *
 * Our own table is the queue here, not pg-boss: a delivery's schedule, state and history are the
 * message log the API shows, and pg-boss's polling floor (0.5 s) is above the latency we want.
 */
import type { Database, Tables } from '@linkway/db'
import type { SecretBox } from '@linkway/vault'
import type { Kysely } from 'kysely'
import type { Clock, IdGenerator } from '../../app-deps.js'
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
  /** Deliveries claimed per round; also the number of POSTs in flight at once. */
  batchSize?: number
  /** How often to look for retries that came due, when nothing wakes the worker sooner. */
  pollIntervalMs?: number
  lookup?: LookupFunction
}

export interface DeliveryRound {
  claimed: number
  succeeded: number
}

export function createDeliveryWorker(deps: DeliveryWorkerDeps) {
  const { database, clock, ids, secrets, outboundPolicy, disableAfterMs } = deps
  const db: Kysely<Tables> = database.db
  const batchSize = deps.batchSize ?? 50
  const pollIntervalMs = deps.pollIntervalMs ?? 1_000

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
      return { ok: false, status: undefined, durationMs: 0, error: `cannot sign: ${(error as Error).message}` }
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

  async function record(delivery: repo.ClaimedDelivery, result: WebhookPostResult, attemptedAt: Date): Promise<void> {
    const attemptCount = delivery.attempt_count + 1
    const now = clock.now()
    await db.transaction().execute(async (trx) => {
      await repo.insertAttempt(trx, {
        id: ids.uuid(),
        delivery_id: delivery.id,
        attempted_at: attemptedAt,
        http_status: result.status ?? null,
        duration_ms: Math.round(result.durationMs),
        error: result.error ?? null,
      })
      if (result.ok) {
        await repo.finishAttempt(trx, delivery.id, { status: 'Success', attemptCount, nextAttemptAt: null })
        await repo.markConsumerHealthy(trx, delivery.consumer_id)
        return
      }
      const delay = delayAfterFailure(attemptCount)
      await repo.finishAttempt(trx, delivery.id, {
        status: delay === undefined ? 'Failure' : 'Attempting',
        attemptCount,
        nextAttemptAt: delay === undefined ? null : new Date(now.getTime() + delay),
      })
      await repo.markConsumerFailing(trx, delivery.consumer_id, now, new Date(now.getTime() - disableAfterMs))
    })
  }

  /** One round: claim what is due, attempt it all, record the outcomes. */
  async function deliverDue(): Promise<DeliveryRound> {
    const now = clock.now()
    const claimed = await db.transaction().execute((trx) => repo.claimDueDeliveries(trx, now, new Date(now.getTime() + ATTEMPT_LEASE_MS), batchSize))
    const outcomes = await Promise.all(
      claimed.map(async (delivery) => {
        const attemptedAt = clock.now()
        const result = await attempt(delivery)
        await record(delivery, result, attemptedAt)
        return result.ok
      }),
    )
    return { claimed: claimed.length, succeeded: outcomes.filter(Boolean).length }
  }

  let isRunning = false
  let isRoundActive = false
  let isWakeRequested = false
  let timer: NodeJS.Timeout | undefined
  let stopListening: (() => Promise<void>) | undefined
  let currentRound: Promise<void> = Promise.resolve()

  /** Rounds never overlap in one process; a wake during a round runs one more right after. */
  function wake(): void {
    if (!isRunning) return
    if (isRoundActive) {
      isWakeRequested = true
      return
    }
    isRoundActive = true
    currentRound = (async () => {
      try {
        let round: DeliveryRound
        do {
          isWakeRequested = false
          round = await deliverDue()
        } while (isRunning && (isWakeRequested || round.claimed === batchSize))
      } catch (error) {
        // A failed round (database briefly away) is retried by the next tick; nothing is lost.
        console.error('webhook delivery round failed:', (error as Error).message)
      } finally {
        isRoundActive = false
      }
    })()
  }

  return {
    deliverDue,
    wake,

    async start(): Promise<void> {
      if (isRunning) return
      isRunning = true
      stopListening = await database.listen(DELIVERY_CHANNEL, wake)
      timer = setInterval(wake, pollIntervalMs)
      timer.unref()
      wake()
    },

    /** Stops taking new work and waits for the attempts in flight to be recorded. */
    async stop(): Promise<void> {
      isRunning = false
      if (timer) clearInterval(timer)
      await stopListening?.()
      await currentRound
    },
  }
}

export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>

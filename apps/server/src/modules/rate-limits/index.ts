/** @module Rate limits: a daily quota per client and per-minute limits per address, counted in a store every process shares. */
export { createPostgresRateLimitStore, type CounterWindow, type RateLimitStore, type WindowCount } from './counter-store.js'
export { connectRedisRateLimitStore, type RedisStoreOptions } from './redis-store.js'
export { createRateLimitsService, type AddressDecision, type ClientQuotaUsage, type RateLimitSettings, type RateLimitsService } from './service.js'

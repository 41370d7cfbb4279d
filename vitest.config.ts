import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Tests run on the TypeScript sources of every workspace package, so `npm test` needs no build.
const packagesDir = fileURLToPath(new URL('./packages', import.meta.url))
// Subpath entries first: an alias matches by prefix, so `@linkway/x` would swallow `@linkway/x/testing`.
const alias = [
  { find: /^@linkway\/query-language\/testing$/, replacement: `${packagesDir}/query-language/src/testing.ts` },
  { find: /^@linkway\/link-ui\/consent-texts$/, replacement: `${packagesDir}/link-ui/src/consent-texts-all.ts` },
  { find: /^@linkway\/sandbox-platforms$/, replacement: fileURLToPath(new URL('./apps/sandbox-platforms/src/index.ts', import.meta.url)) },
  ...readdirSync(packagesDir).map((name) => ({ find: new RegExp(`^@linkway/${name}$`), replacement: `${packagesDir}/${name}/src/index.ts` })),
]

/**
 * Suites that run whole processes (several at once, each starting in seconds) and wait out real
 * time: a 90 s database outage, SIGKILLs under load behind nginx, webhook leases running out.
 * They hold most of the suite's wall time, so `npm test` leaves them to `npm run test:slow`;
 * CI (.ci/run) runs both.
 */
const SLOW_SUITES = [
  'apps/server/test/scale-out.test.ts',
  'apps/server/test/database-outage.test.ts',
  'apps/server/test/process.test.ts',
  'apps/server/test/sandbox-process.test.ts',
  'apps/server/test/webhook-worker-crash.test.ts',
]
const EXCLUDED = ['**/node_modules/**', '**/dist/**']

export default defineConfig({
  resolve: { alias },
  test: {
    globalSetup: ['./packages/test-kit/src/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'default',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: [...EXCLUDED, ...SLOW_SUITES],
          // Most files wait on a database, a socket or a browser as much as they compute: two at
          // once keep both cores busy (vitest's default on a 2-core machine is one).
          maxWorkers: 2,
          // A worker runs its files one after another in one module graph: the app's modules (Fastify,
          // zod contracts, PGlite, the migrated PGlite template) load once per worker instead of once
          // per file, which was more than a third of the suite's time. Test files keep no state in
          // shared modules between them: each makes its own database, app and servers and closes them.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          include: SLOW_SUITES,
          exclude: EXCLUDED,
          // Each file runs several processes of its own: one file at a time.
          maxWorkers: 1,
        },
      },
    ],
  },
})

import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Tests run on the TypeScript sources of every workspace package, so `npm test` needs no build.
const packagesDir = fileURLToPath(new URL('./packages', import.meta.url))
// Subpath entries first: an alias matches by prefix, so `@linkway/x` would swallow `@linkway/x/testing`.
const alias = [
  { find: /^@linkway\/query-language\/testing$/, replacement: `${packagesDir}/query-language/src/testing.ts` },
  { find: /^@linkway\/link-ui\/consent-texts$/, replacement: `${packagesDir}/link-ui/src/consent-texts.ts` },
  { find: /^@linkway\/sandbox-platforms$/, replacement: fileURLToPath(new URL('./apps/sandbox-platforms/src/index.ts', import.meta.url)) },
  ...readdirSync(packagesDir).map((name) => ({ find: new RegExp(`^@linkway/${name}$`), replacement: `${packagesDir}/${name}/src/index.ts` })),
]

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['./packages/test-kit/src/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})

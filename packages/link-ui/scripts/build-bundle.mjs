// Bundles the hosted Link page's script to dist-bundle/link.js, and holds it to its budget: the
// page's JavaScript must stay within 40 KB gzipped, in total. `npm start` runs it at every start.
import { gzipSync } from 'node:zlib'
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const BUDGET_BYTES = 40 * 1024
const packageDir = fileURLToPath(new URL('..', import.meta.url))
const outfile = `${packageDir}dist-bundle/link.js`

const { outputFiles } = await build({
  absWorkingDir: packageDir,
  entryPoints: ['src/hosted-entry.ts'],
  outfile,
  bundle: true,
  format: 'esm',
  minify: true,
  target: 'es2020',
  platform: 'browser',
  // JSX settings come from tsconfig.json (react-jsx, preact): the same as tsc and vitest use.
  tsconfig: 'tsconfig.json',
  legalComments: 'eof',
  logLevel: 'warning',
  write: false,
})

// Written whole, then renamed over the old one: a server already running (or a test) that reads
// the bundle meanwhile gets the old file or the new one, never half of one.
const code = outputFiles[0].contents
mkdirSync(`${packageDir}dist-bundle`, { recursive: true })
writeFileSync(`${outfile}.${process.pid}.tmp`, code)
renameSync(`${outfile}.${process.pid}.tmp`, outfile)
const gzipped = gzipSync(code, { level: 9 }).length
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`
console.log(`dist-bundle/link.js: ${kb(code.length)} minified, ${kb(gzipped)} gzipped (budget ${kb(BUDGET_BYTES)})`)
if (gzipped > BUDGET_BYTES) {
  console.error('Over budget: the hosted Link page must stay within 40 KB of gzipped JavaScript.')
  process.exit(1)
}

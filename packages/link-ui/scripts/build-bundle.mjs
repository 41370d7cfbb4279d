// Bundles the hosted Link page's script to dist-bundle/link.js, and holds it to its budget: the
// page's JavaScript must stay within 40 KB gzipped, in total. `npm start` runs it at every start.
import { gzipSync } from 'node:zlib'
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const BUDGET_BYTES = 40 * 1024
const packageDir = fileURLToPath(new URL('..', import.meta.url))
const outfile = `${packageDir}dist-bundle/link.js`

/** What both builds share: browser ESM, minified, kept in memory until written whole. */
const COMMON = {
  absWorkingDir: packageDir,
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
}

const { outputFiles } = await build({ ...COMMON, entryPoints: ['src/hosted-entry.ts'], outfile })

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

// Embedded Link (src/sdk-entry.ts): an ES module other sites import, under a versioned name (its
// content hash) so Linkway can serve it as immutable; `manifest.json` names the current one, which
// `/sdk/link.js` redirects to. German and French are chunks of their own, loaded only by a person
// who reads them. Budget: 25 KB gzipped for what every visitor loads (the entry).
const SDK_BUDGET_BYTES = 25 * 1024
const sdkDir = `${packageDir}dist-bundle/sdk`
const sdk = await build({
  ...COMMON,
  entryPoints: { link: 'src/sdk-entry.ts' },
  outdir: sdkDir,
  entryNames: '[name].[hash]',
  chunkNames: '[name].[hash]',
  splitting: true,
  metafile: true,
})
mkdirSync(sdkDir, { recursive: true })
const written = new Set(['manifest.json'])
let entryName
for (const file of sdk.outputFiles) {
  const name = file.path.slice(sdkDir.length + 1)
  written.add(name)
  if (sdk.metafile.outputs[`dist-bundle/sdk/${name}`]?.entryPoint === 'src/sdk-entry.ts') entryName = name
  // Content-hashed names: a file that exists already has these bytes.
  writeFileSync(`${sdkDir}/${name}.${process.pid}.tmp`, file.contents)
  renameSync(`${sdkDir}/${name}.${process.pid}.tmp`, `${sdkDir}/${name}`)
}
writeFileSync(`${sdkDir}/manifest.json.${process.pid}.tmp`, `${JSON.stringify({ link: entryName, files: [...written].filter((name) => name !== 'manifest.json').sort() })}\n`)
renameSync(`${sdkDir}/manifest.json.${process.pid}.tmp`, `${sdkDir}/manifest.json`)
// Earlier builds' files go: the manifest no longer names them.
for (const name of readdirSync(sdkDir)) if (!written.has(name) && !name.endsWith('.tmp')) rmSync(`${sdkDir}/${name}`)
for (const file of sdk.outputFiles) {
  const name = file.path.slice(sdkDir.length + 1)
  console.log(`dist-bundle/sdk/${name}: ${kb(file.contents.length)} minified, ${kb(gzipSync(file.contents, { level: 9 }).length)} gzipped`)
}
// What every visitor loads: the entry and the chunks it imports statically (not the languages, the options or the on-demand screens).
const gzippedOf = (name) => gzipSync(sdk.outputFiles.find((file) => file.path.endsWith(`/${name}`)).contents, { level: 9 }).length
const staticImports = (name) => sdk.metafile.outputs[`dist-bundle/sdk/${name}`].imports.filter((imported) => imported.kind === 'import-statement').map((imported) => imported.path.slice('dist-bundle/sdk/'.length))
const loadedByAll = new Set([entryName])
for (const name of loadedByAll) for (const imported of staticImports(name)) loadedByAll.add(imported)
const entryGzipped = [...loadedByAll].reduce((total, name) => total + gzippedOf(name), 0)
const allGzipped = sdk.outputFiles.reduce((total, file) => total + gzipSync(file.contents, { level: 9 }).length, 0)
console.log(`Embedded Link: ${kb(entryGzipped)} gzipped for every visitor (${[...loadedByAll].join(' + ')}; budget ${kb(SDK_BUDGET_BYTES)}), ${kb(allGzipped)} with every language and screen`)
if (entryGzipped > SDK_BUDGET_BYTES) {
  console.error('Over budget: Embedded Link must stay within 25 KB of gzipped JavaScript.')
  process.exit(1)
}

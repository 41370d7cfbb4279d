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
  // The workspace's packages from their sources (their exports' `source` condition), as vitest and
  // the server read them: a fresh clone has no dist/ until `tsc -b`, and `npm test` must not need it.
  conditions: ['source'],
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

// Embedded Link (src/sdk-entry.ts) and the connection management component (src/connections-entry.ts):
// ES modules other sites import, under versioned names (their content hash) so Linkway can serve
// them as immutable; `manifest.json` names the current ones, which `/sdk/link.js` and
// `/sdk/connections.js` redirect to. Each is built on its own, sharing no chunk with the other: a
// shared chunk would cost each of them bytes (gzip compresses one file better than three), and few
// pages show both. German and French are chunks of their own, loaded only by a person who reads
// them. Budgets, for what every visitor of each loads (the entry and the chunks it imports
// statically): 25 KB gzipped for Link, 20 KB for the connections.
const SDK_ENTRIES = {
  link: { source: 'src/sdk-entry.ts', title: 'Embedded Link', budget: 25 * 1024 },
  connections: { source: 'src/connections-entry.ts', title: 'Connection management', budget: 20 * 1024 },
}
const sdkDir = `${packageDir}dist-bundle/sdk`
mkdirSync(sdkDir, { recursive: true })
const written = new Set(['manifest.json'])
const entryNames = {}
let isOverBudget = false
for (const [key, entry] of Object.entries(SDK_ENTRIES)) {
  const sdk = await build({
    ...COMMON,
    entryPoints: { [key]: entry.source },
    outdir: sdkDir,
    entryNames: '[name].[hash]',
    chunkNames: '[name].[hash]',
    splitting: true,
    metafile: true,
  })
  const gzipped = new Map()
  for (const file of sdk.outputFiles) {
    const name = file.path.slice(sdkDir.length + 1)
    written.add(name)
    if (sdk.metafile.outputs[`dist-bundle/sdk/${name}`]?.entryPoint === entry.source) entryNames[key] = name
    gzipped.set(name, gzipSync(file.contents, { level: 9 }).length)
    // Content-hashed names: a file that exists already has these bytes (the other entry's language chunks, say).
    writeFileSync(`${sdkDir}/${name}.${process.pid}.tmp`, file.contents)
    renameSync(`${sdkDir}/${name}.${process.pid}.tmp`, `${sdkDir}/${name}`)
    console.log(`dist-bundle/sdk/${name}: ${kb(file.contents.length)} minified, ${kb(gzipped.get(name))} gzipped`)
  }
  // What every visitor loads: the entry and the chunks it imports statically (not the languages, the options or the on-demand screens).
  const staticImports = (name) => sdk.metafile.outputs[`dist-bundle/sdk/${name}`].imports.filter((imported) => imported.kind === 'import-statement').map((imported) => imported.path.slice('dist-bundle/sdk/'.length))
  const loadedByAll = new Set([entryNames[key]])
  for (const name of loadedByAll) for (const imported of staticImports(name)) loadedByAll.add(imported)
  const entryGzipped = [...loadedByAll].reduce((total, name) => total + gzipped.get(name), 0)
  const allGzipped = [...gzipped.values()].reduce((total, size) => total + size, 0)
  console.log(`${entry.title}: ${kb(entryGzipped)} gzipped for every visitor (${[...loadedByAll].join(' + ')}; budget ${kb(entry.budget)}), ${kb(allGzipped)} with every language and screen`)
  if (entryGzipped > entry.budget) {
    console.error(`Over budget: ${entry.title} must stay within ${kb(entry.budget)} of gzipped JavaScript.`)
    isOverBudget = true
  }
}
writeFileSync(`${sdkDir}/manifest.json.${process.pid}.tmp`, `${JSON.stringify({ ...entryNames, files: [...written].filter((name) => name !== 'manifest.json').sort() })}\n`)
renameSync(`${sdkDir}/manifest.json.${process.pid}.tmp`, `${sdkDir}/manifest.json`)
// Earlier builds' files go: the manifest no longer names them.
for (const name of readdirSync(sdkDir)) if (!written.has(name) && !name.endsWith('.tmp')) rmSync(`${sdkDir}/${name}`)
if (isOverBudget) process.exit(1)

// The Portal (packages/portal-ui): its entry (the router, the session, the layout) and one chunk per
// page, loaded as a page opens. The server's shell names the entry from the manifest; every file is
// content-hashed, so it is served as immutable. Budget: what the first page a person sees loads
// (the entry, its static imports, and the companies page with its own), 80 KB gzipped.
const PORTAL_BUDGET_BYTES = 80 * 1024
const portalPackageDir = fileURLToPath(new URL('../../portal-ui/', import.meta.url))
const portalDir = `${portalPackageDir}dist-bundle`
mkdirSync(portalDir, { recursive: true })
const portal = await build({
  ...COMMON,
  absWorkingDir: portalPackageDir,
  entryPoints: { portal: 'src/portal-entry.tsx' },
  outdir: portalDir,
  entryNames: '[name].[hash]',
  chunkNames: '[name].[hash]',
  splitting: true,
  metafile: true,
})
const portalWritten = new Set(['manifest.json'])
const portalGzipped = new Map()
let portalEntry
const portalOutput = (name) => portal.metafile.outputs[`dist-bundle/${name}`]
for (const file of portal.outputFiles) {
  const name = file.path.slice(portalDir.length + 1)
  portalWritten.add(name)
  if (portalOutput(name)?.entryPoint === 'src/portal-entry.tsx') portalEntry = name
  portalGzipped.set(name, gzipSync(file.contents, { level: 9 }).length)
  writeFileSync(`${portalDir}/${name}.${process.pid}.tmp`, file.contents)
  renameSync(`${portalDir}/${name}.${process.pid}.tmp`, `${portalDir}/${name}`)
}
const portalClosure = (start) => {
  const loaded = new Set([start])
  for (const name of loaded) for (const imported of portalOutput(name).imports) if (imported.kind === 'import-statement') loaded.add(imported.path.slice('dist-bundle/'.length))
  return loaded
}
const firstPageChunk = Object.keys(portal.metafile.outputs).find((output) => Object.keys(portal.metafile.outputs[output].inputs).some((input) => input.endsWith('src/pages/companies.tsx')))?.slice('dist-bundle/'.length)
const firstPage = new Set([...portalClosure(portalEntry), ...(firstPageChunk ? portalClosure(firstPageChunk) : [])])
const firstPageGzipped = [...firstPage].reduce((total, name) => total + portalGzipped.get(name), 0)
const portalAllGzipped = [...portalGzipped.values()].reduce((total, size) => total + size, 0)
console.log(`Portal: ${kb(firstPageGzipped)} gzipped for the first page (${[...firstPage].join(' + ')}; budget ${kb(PORTAL_BUDGET_BYTES)}), ${kb(portalAllGzipped)} with every page, in ${portalGzipped.size} files`)
writeFileSync(`${portalDir}/manifest.json.${process.pid}.tmp`, `${JSON.stringify({ entry: portalEntry, files: [...portalWritten].filter((name) => name !== 'manifest.json').sort() })}\n`)
renameSync(`${portalDir}/manifest.json.${process.pid}.tmp`, `${portalDir}/manifest.json`)
for (const name of readdirSync(portalDir)) if (!portalWritten.has(name) && !name.endsWith('.tmp')) rmSync(`${portalDir}/${name}`)
if (firstPageGzipped > PORTAL_BUDGET_BYTES) {
  console.error(`Over budget: the Portal's first page must stay within ${kb(PORTAL_BUDGET_BYTES)} of gzipped JavaScript.`)
  process.exit(1)
}

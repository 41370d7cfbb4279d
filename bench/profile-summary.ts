/**
 * @module Where a CPU profile's time went, by package and by function (self time). For the
 * profiles `BENCH_CPU_PROF=1 npm run bench` writes to bench/results/:
 *
 *   node --import tsx bench/profile-summary.ts bench/results/postgres-get-company.cpuprofile
 */
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface Profile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

/** node_modules/<pkg> (or @scope/pkg), our workspace folder, node internals, or the VM's own entries. */
export function bucketOf(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'anonymous'})`
  const modules = url.lastIndexOf('/node_modules/')
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/')
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!
  }
  if (url.startsWith('node:')) return url
  const workspace = /\/(apps|packages|bench)\/([^/]+)\//.exec(url)
  if (workspace) return `${workspace[1]}/${workspace[2]}`
  return url
}

export function summarize(profile: Profile, top = 25): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const selfMicros = new Map<number, number>()
  profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
  const total = profile.endTime - profile.startTime
  const byBucket = new Map<string, number>()
  const byFunction = new Map<string, number>()
  for (const [id, micros] of selfMicros) {
    const { callFrame } = byId.get(id)!
    const bucket = bucketOf(callFrame.url, callFrame.functionName)
    byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + micros)
    const fn = `${callFrame.functionName || '(anonymous)'}  ${callFrame.url.replace(/^.*\/(node_modules|apps|packages|bench)\//, '$1/')}:${callFrame.lineNumber + 1}`
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros)
  }
  const rows = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => `  ${((micros / total) * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${name}`)
  return [`Profile: ${(total / 1e6).toFixed(1)} s`, 'Self time by package:', ...rows(byBucket), '', 'Self time by function:', ...rows(byFunction)].join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = process.argv.slice(2)
  if (files.length === 0) {
    console.error('usage: node --import tsx bench/profile-summary.ts <file.cpuprofile>...')
    process.exit(2)
  }
  for (const file of files) {
    console.log(`== ${file}`)
    console.log(summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile))
    console.log('')
  }
}

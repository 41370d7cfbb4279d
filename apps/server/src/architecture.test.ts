/**
 * The seams docs/architecture.md draws, checked on the code: each table is written and read in
 * SQL by its owning module alone, a module reaches another only through its index.ts, and an
 * index.ts hands out services, not repo functions. A change that crosses a seam fails here, with
 * the file and the table it crossed at.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/** Every table, and the one module whose SQL may name it. */
const TABLE_OWNERS: Record<string, string> = {
  clients: 'clients',
  api_keys: 'api-keys',
  companies: 'companies',
  connections: 'connections',
  connection_tokens: 'connections',
  platform_credentials: 'integrations',
  client_profiles: 'profile',
  client_logos: 'profile',
  link_sessions: 'link',
  link_used_tokens: 'link',
  link_settings: 'link-settings',
  link_funnel_events: 'link-settings',
  webhook_consumers: 'webhooks',
  webhook_events: 'webhooks',
  webhook_deliveries: 'webhooks',
  webhook_attempts: 'webhooks',
  sync_settings: 'sync',
  data_reads: 'sync',
  datasets: 'sync',
  data_records: 'sync',
  rate_limit_counters: 'rate-limits',
  rate_limit_resets: 'rate-limits',
  consent_signing_keys: 'consent-receipts',
  consent_receipts: 'consent-receipts',
  files: 'files',
  company_access_tokens: 'company-tokens',
  cors_settings: 'cors-settings',
  portal_users: 'portal-users',
  portal_sessions: 'portal-users',
  portal_invitations: 'portal-users',
  audit_log: 'audit-log',
}

const modulesDir = fileURLToPath(new URL('./modules', import.meta.url))

function sourceFiles(): Array<{ module: string; file: string; code: string }> {
  const files = []
  for (const module of readdirSync(modulesDir)) {
    for (const name of readdirSync(path.join(modulesDir, module))) {
      if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue
      const text = readFileSync(path.join(modulesDir, module, name), 'utf8')
      // Comments say "read from connections" in prose; only code counts.
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
      files.push({ module, file: `${module}/${name}`, code })
    }
  }
  return files
}

/** Tables a piece of code names in SQL: Kysely's builders, and raw SQL's from/into/update/join. */
function tablesNamedIn(code: string): Set<string> {
  const named = new Set<string>()
  for (const match of code.matchAll(/\b(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|with)\(\s*'(\w+)'/g)) named.add(match[1]!)
  for (const match of code.matchAll(/\b(?:from|into|update|join)\s+(\w+)/gi)) named.add(match[1]!)
  return new Set([...named].filter((name) => name in TABLE_OWNERS))
}

describe('the seams between modules', () => {
  const files = sourceFiles()

  it('finds the modules it checks', () => {
    expect(new Set(files.map((f) => f.module))).toEqual(new Set(Object.values(TABLE_OWNERS).concat(['hosted-link', 'health', 'portal-pages'])))
  })

  it('lets only its owning module name a table in SQL', () => {
    const crossings = files.flatMap(({ module, file, code }) => [...tablesNamedIn(code)].filter((table) => TABLE_OWNERS[table] !== module).map((table) => `${file} names ${table} (owned by ${TABLE_OWNERS[table]})`))
    expect(crossings).toEqual([])
  })

  it('reaches another module only through its index.ts', () => {
    const deepImports = files.flatMap(({ file, code }) => [...code.matchAll(/from '\.\.\/([a-z-]+)\/(?!index\.js')([^']+)'/g)].map((match) => `${file} imports ../${match[1]}/${match[2]}`))
    expect(deepImports).toEqual([])
  })

  it('hands out no repo function from a module index.ts', () => {
    const repoExports = files.filter(({ file, code }) => file.endsWith('/index.ts') && /export \{[^}]*\} from '\.\/repo\.js'/.test(code.replace(/export type \{[^}]*\} from '\.\/repo\.js'/g, ''))).map(({ file }) => file)
    expect(repoExports).toEqual([])
  })
})

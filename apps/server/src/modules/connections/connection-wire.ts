/** @module A connection row as the wire has it (reference §4.2), and the company reference its events carry. */
import type { Connection, CompanyReference } from '@linkway/contracts'
import { integrationIdOf, sourceIdOf, type Catalogue } from '@linkway/connectors'
import type { ConnectionRow } from './repo.js'

/** A company as events name it (`referenceCompany`): the companies module reads it for connections and sync. */
export interface CompanyReferenceRow {
  id: string
  client_id: string
  name: string
  description: string | null
  tags: Record<string, string>
}

export interface ConnectionPresenterDeps {
  catalogue: Catalogue
  publicUrl: string
}

export function linkUrlOf(publicUrl: string, companyId: string, connectionId: string): string {
  return `${publicUrl}/link/companies/${companyId}/connections/${connectionId}/start`
}

export function createConnectionPresenter({ catalogue, publicUrl }: ConnectionPresenterDeps) {
  return {
    toWire(row: ConnectionRow): Connection {
      // A connection outlives a catalogue change (sandboxes switched off): it still reads, by its key.
      const connector = catalogue.get(row.platform_key)
      return {
        id: row.id,
        integrationId: connector?.integrationId ?? integrationIdOf(row.platform_key),
        integrationKey: row.platform_key,
        sourceId: connector?.sourceId ?? sourceIdOf(row.platform_key),
        sourceType: row.source_type as Connection['sourceType'],
        platformName: connector?.name ?? row.platform_key,
        linkUrl: linkUrlOf(publicUrl, row.company_id, row.id),
        status: row.status,
        ...(row.last_sync_at ? { lastSync: row.last_sync_at.toISOString() } : {}),
        created: row.created_at.toISOString(),
        dataConnectionErrors: row.errors.map(({ resolvedOnUtc, ...error }) => ({ ...error, ...(resolvedOnUtc ? { resolvedOnUtc } : {}) })),
        connectionInfo: row.connection_info,
      }
    },

    companyReference(company: CompanyReferenceRow): CompanyReference {
      return {
        id: company.id,
        name: company.name,
        ...(company.description !== null ? { description: company.description } : {}),
        links: { portal: `${publicUrl}/companies/${company.id}` },
        tags: company.tags,
      }
    },
  }
}

export type ConnectionPresenter = ReturnType<typeof createConnectionPresenter>

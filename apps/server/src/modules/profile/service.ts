/** @module The client's profile: name, logos, the redirect template Link uses afterwards, and its allow-list (reference §8.1). */
import type { Profile, ProfileRequest } from '@linkway/contracts'
import type { Tables } from '@linkway/db'
import type { Kysely } from 'kysely'
import type { Clock } from '../../app-deps.js'
import type { AuthenticatedClient } from '../api-keys/index.js'
import type { ClientsService } from '../clients/index.js'
import * as repo from './repo.js'

export interface RedirectSettings {
  redirectUrl: string
  whiteListUrls: string[]
}

export interface ProfileServiceDeps {
  db: Kysely<Tables>
  clock: Clock
  /** A client with no profile yet shows its own name. */
  clients: Pick<ClientsService, 'nameOf'>
}

export function createProfileService({ db, clock, clients }: ProfileServiceDeps) {
  function toWire(row: Pick<repo.ProfileRow, 'name' | 'logo_url' | 'icon_url' | 'redirect_url' | 'white_list_urls'>): Profile {
    return {
      name: row.name,
      ...(row.logo_url ? { logoUrl: row.logo_url } : {}),
      ...(row.icon_url ? { iconUrl: row.icon_url } : {}),
      redirectUrl: row.redirect_url,
      whiteListUrls: row.white_list_urls,
    }
  }

  return {
    /** A client that never set a profile has its own name and no redirect (Linkway's own page). */
    async get(client: AuthenticatedClient): Promise<Profile> {
      const row = await repo.findProfile(db, client.clientId)
      if (row) return toWire(row)
      const name = (await clients.nameOf(client.clientId)) ?? ''
      return toWire({ name, logo_url: null, icon_url: null, redirect_url: '', white_list_urls: [] })
    },

    async replace(client: AuthenticatedClient, body: ProfileRequest): Promise<Profile> {
      const row = await repo.upsertProfile(db, {
        client_id: client.clientId,
        name: body.name,
        logo_url: body.logoUrl || null,
        icon_url: body.iconUrl || null,
        redirect_url: body.redirectUrl,
        white_list_urls: body.whiteListUrls ?? [],
        updated_at: clock.now(),
      })
      return toWire(row)
    },

    /** What the Link flow reads at the end of a journey. */
    async redirectSettings(clientId: string): Promise<RedirectSettings> {
      const row = await repo.findProfile(db, clientId)
      return { redirectUrl: row?.redirect_url ?? '', whiteListUrls: row?.white_list_urls ?? [] }
    },
  }
}

export type ProfileService = ReturnType<typeof createProfileService>

/** @module The client's profile: name, logos, the redirect template Link uses afterwards, and its allow-list (reference §8.1). */
import type { Profile, ProfileRequest } from '@linkway/contracts'
import { createHash } from 'node:crypto'
import type { Tables } from '@linkway/db'
import type { Kysely, Transaction } from 'kysely'
import type { Clock } from '../../app-deps.js'
import type { AuthenticatedClient } from '../api-keys/index.js'
import type { ClientsService } from '../clients/index.js'
import { AppError } from '../../app-error.js'
import { checkLogo, extensionOf, type LogoType } from './logo-image.js'
import * as repo from './repo.js'

/** Where uploaded logos are served: public, cacheable, one URL per content. */
export const CLIENT_LOGO_PATH = '/assets/client-logos'

export interface RedirectSettings {
  redirectUrl: string
  whiteListUrls: string[]
}

export interface ProfileServiceDeps {
  db: Kysely<Tables>
  clock: Clock
  /** Uploaded logos' URLs start here. */
  publicUrl: string
  /** A client with no profile yet shows its own name. */
  clients: Pick<ClientsService, 'nameOf'>
}

export function createProfileService({ db, clock, clients, publicUrl }: ProfileServiceDeps) {
  const logoUrlPrefix = `${publicUrl}${CLIENT_LOGO_PATH}/`
  const logoUrlOf = (contentHash: string, type: LogoType) => `${logoUrlPrefix}${contentHash}.${extensionOf(type)}`

  /**
   * Link pages allow images from their own origin and https only (their Content-Security-Policy):
   * an http: logo would be accepted here and then blocked in the person's browser, so it is refused
   * now. An uploaded logo's own URL is Linkway's origin, whatever its scheme.
   */
  function refuseInsecureImageUrls(body: ProfileRequest): void {
    const items = (['logoUrl', 'iconUrl'] as const)
      .filter((field) => {
        const url = body[field]
        return url !== undefined && /^http:/i.test(url.trim()) && !url.startsWith(logoUrlPrefix)
      })
      .map((field) => ({
        itemId: field,
        message: `${field} must be an https URL: Link pages load images over https only, so an http: image would be blocked in the browser. Host it on https, or upload it with PUT /profile/logo.`,
        validatorName: 'custom',
      }))
    if (items.length === 0) return
    throw new AppError('validation_failed', { summary: `The request is invalid: ${items.map((item) => `${item.itemId}: ${item.message}`).join('; ')}` }, items)
  }

  /** The profile to change: the stored one, or the default a client without one reads (its own name). Reads through `trx`, never around it. */
  async function currentOrDefault(trx: Transaction<Tables>, clientId: string, clientName: string): Promise<repo.ProfileRow> {
    const row = await repo.findProfile(trx, clientId)
    return row ?? { client_id: clientId, name: clientName, logo_url: null, icon_url: null, redirect_url: '', white_list_urls: [], updated_at: clock.now() }
  }

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
      refuseInsecureImageUrls(body)
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

    /**
     * Stores an uploaded logo (checked by its bytes; an SVG sanitised) and points the profile's
     * `logoUrl` at Linkway's own copy, in one transaction.
     */
    async uploadLogo(client: AuthenticatedClient, bytes: Buffer, contentType: string): Promise<Profile> {
      const checked = checkLogo(bytes, contentType)
      if (!checked.isAccepted) throw new AppError('logo_invalid', { reason: checked.reason })
      const contentHash = createHash('sha256').update(checked.content).digest('hex')
      const now = clock.now()
      const clientName = (await clients.nameOf(client.clientId)) ?? ''
      const row = await db.transaction().execute(async (trx) => {
        await repo.upsertLogo(trx, { client_id: client.clientId, content_hash: contentHash, content_type: checked.type, content: checked.content, uploaded_at: now })
        const current = await currentOrDefault(trx, client.clientId, clientName)
        return await repo.upsertProfile(trx, { ...current, logo_url: logoUrlOf(contentHash, checked.type), updated_at: now })
      })
      return toWire(row)
    },

    /** Removes the uploaded logo; the profile's `logoUrl` is cleared if it still pointed at it. */
    async deleteLogo(client: AuthenticatedClient): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const removed = await repo.deleteLogo(trx, client.clientId)
        const current = await repo.findProfile(trx, client.clientId)
        if (removed && current && current.logo_url === logoUrlOf(removed.content_hash, removed.content_type)) {
          await repo.upsertProfile(trx, { ...current, logo_url: null, updated_at: clock.now() })
        }
      })
    },

    /** An uploaded logo by the hash in its URL, for anyone (Link pages show it), or undefined. */
    async findLogo(contentHash: string): Promise<{ contentType: LogoType; content: Buffer } | undefined> {
      const row = await repo.findLogoByHash(db, contentHash)
      return row ? { contentType: row.content_type, content: Buffer.from(row.content) } : undefined
    },

    /** What the Link flow reads at the end of a journey. */
    async redirectSettings(clientId: string): Promise<RedirectSettings> {
      const row = await repo.findProfile(db, clientId)
      return { redirectUrl: row?.redirect_url ?? '', whiteListUrls: row?.white_list_urls ?? [] }
    },
  }
}

export type ProfileService = ReturnType<typeof createProfileService>

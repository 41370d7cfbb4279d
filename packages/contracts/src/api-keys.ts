/** @module API keys: how a client's backend authenticates (`Authorization: Basic <base64(key)>`). */
import { z } from 'zod'
import { WireString } from './wire-values.js'

export const API_KEYS_MAX = 10

export const CreateApiKey = z
  .object({
    name: WireString.max(50, 'name must be at most 50 characters').nullable().optional(),
  })
  .meta({ id: 'CreateApiKey' })
export type CreateApiKey = z.infer<typeof CreateApiKey>

export const ApiKeyDetails = z
  .object({
    id: z.uuid(),
    name: z.string().nullable(),
    apiKey: z.string().meta({
      description: 'The key itself when it is created (shown once); afterwards only its last four characters.',
    }),
    createdDate: z.string(),
  })
  .meta({ id: 'ApiKeyDetails' })
export type ApiKeyDetails = z.infer<typeof ApiKeyDetails>

export const ApiKeys = z.object({ results: z.array(ApiKeyDetails) }).meta({ id: 'ApiKeys' })
export type ApiKeys = z.infer<typeof ApiKeys>

export const ApiKeyParams = z.object({ apiKeyId: z.uuid({ error: 'apiKeyId must be a GUID' }) })

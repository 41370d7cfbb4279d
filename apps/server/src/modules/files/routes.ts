/**
 * @module HTTP for files: the reference's Files API (upload for a connection, list, download),
 * under the API key, and hosted Link's upload, registered inside hosted Link's guarded API (page
 * token, Origin, the per-address limit). Bodies are multipart/form-data read as a stream: each
 * file is refused the moment it passes FILE_UPLOAD_MAX_BYTES, never buffered beyond it, and the
 * connection of an upload answered early is closed rather than read to its end.
 */
import multipart, { type MultipartFile } from '@fastify/multipart'
import { CodatFiles, FILE_UPLOAD_CATEGORIES, LinkUploadedFile, isWireInstant } from '@linkway/contracts'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AppError } from '../../app-error.js'
import type { FilesService, UploadTarget } from './service.js'
import { attachmentDisposition, zipStream } from './zip-stream.js'

/** The reference's rule: up to 20 files in one upload request. */
export const MAX_FILES_PER_REQUEST = 20
/** Room for a part's headers and boundaries around a file's bytes. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024

const CompanyParams = z.object({ companyId: z.uuid({ error: 'companyId must be a GUID' }) })
const DateTimeText = z.iso.datetime({ offset: true, local: true })
const HAS_OFFSET = /(Z|[+-]\d{2}:\d{2})$/

/**
 * The reference's DateTime: a date, or a date and time, whose UTC day is used (a time without an
 * offset is UTC). The instant is checked in full, so a time such as 99:99 or a year outside
 * 0001–9999 is a 400, not a day picked from the first ten characters.
 */
const DayQuery = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'date must be a date such as 2026-01-31 or 2026-01-31T00:00:00Z')
  .transform((sent, ctx) => {
    const isDateOnly = sent.length === 10
    // The pattern lets an offset be written +0500 as well as +05:00, and a time without its seconds
    // (10:00Z); ISO's own check takes +05:00, and seconds whenever there is an offset.
    const text = sent.replace(/([+-]\d{2})(\d{2})$/, '$1:$2').replace(/T(\d{2}:\d{2})(?=Z|[+-]|$)/, 'T$1:00')
    // JavaScript's Date rolls 2026-02-30T10:00Z over into March: the text is checked first.
    const instant = isDateOnly ? new Date(`${text}T00:00:00Z`) : DateTimeText.safeParse(text).success ? new Date(HAS_OFFSET.test(text) ? text : `${text}Z`) : undefined
    const isRealDate = instant !== undefined && !Number.isNaN(instant.getTime()) && (!isDateOnly || instant.toISOString().slice(0, 10) === text)
    if (!isRealDate || !isWireInstant(instant.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'date must be a real calendar date from 0001-01-01 to 9999-12-31, with a real time if it has one' })
      return z.NEVER
    }
    return instant
  })

async function registerMultipart(app: Parameters<FastifyPluginAsyncZod>[0], maxBytes: number, maxFiles: number): Promise<void> {
  closeUnfinishedUploads(app)
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: maxBytes, files: maxFiles, fields: 10, fieldSize: 1024, parts: maxFiles + 10, headerPairs: 50 },
  })
}

/** The multipart plugin's errors, as the wire's 400s. */
function uploadError(error: unknown, maxFiles: number): unknown {
  if (error instanceof AppError) return error
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new AppError('file_missing')
  if (code === 'FST_FILES_LIMIT') return new AppError('file_upload_malformed', { detail: maxFiles === 1 ? 'send one file per request' : `at most ${maxFiles} files can be sent at once` })
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return new AppError('file_upload_malformed', { detail: 'it has too many parts' })
  return new AppError('file_upload_malformed', { detail: 'the multipart body is malformed or was cut short' })
}

/**
 * A file part's bytes, read as they arrive. Past `maxBytes` busboy stops passing them on, but it
 * keeps reading (and discarding) the part until its boundary comes, which a client sending a chunked
 * body need never send: so the file is refused at its 'limit' event, not at the part's end, and
 * the request's connection is closed once the 400 is out (`closeUnfinishedUploads`).
 */
function readCapped(part: MultipartFile, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const file = part.file
    // The limit may already have been passed: busboy parses what has arrived before the part reaches us.
    if (file.truncated) return reject(new AppError('file_too_large', { maxBytes }))
    file.on('data', (chunk: Buffer) => {
      size += chunk.length
      chunks.push(chunk)
    })
    file.once('limit', () => {
      file.removeAllListeners('data')
      reject(new AppError('file_too_large', { maxBytes }))
    })
    file.once('error', reject)
    file.once('end', () => (file.truncated || size > maxBytes ? reject(new AppError('file_too_large', { maxBytes })) : resolve(Buffer.concat(chunks, size))))
  })
}

/**
 * An upload answered before its body was all read (a file over the limit, a refused name) would
 * otherwise go on being read, to no end: its connection is closed once the answer is sent.
 */
function closeUnfinishedUploads(app: Parameters<FastifyPluginAsyncZod>[0]): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.raw.complete) reply.header('connection', 'close')
    return payload
  })
  app.addHook('onResponse', async (request) => {
    if (!request.raw.complete) request.raw.destroy()
  })
}

/**
 * Stores each file part of the request as it arrives, checking its name before reading its bytes.
 * A refused file ends the request: the files before it in the same request are kept.
 */
async function receiveFiles(request: FastifyRequest, files: FilesService, target: UploadTarget, maxFiles: number) {
  const { maxBytes } = files.limits
  const declared = Number(request.headers['content-length'])
  // An honest Content-Length already too big for what may be sent is refused before a byte is read.
  if (Number.isFinite(declared) && declared > maxFiles * maxBytes + MULTIPART_OVERHEAD_BYTES) throw new AppError('file_too_large', { maxBytes })
  if (!request.isMultipart()) throw new AppError('file_missing')
  const stored = []
  const parts = request.parts()
  // Only reading the body is wrapped: a failure to store (the database away) stays what it is.
  const readBody = async <T>(read: () => Promise<T>): Promise<T> => {
    try {
      return await read()
    } catch (error) {
      throw uploadError(error, maxFiles)
    }
  }
  for (let next = await readBody(() => parts.next()); !next.done; next = await readBody(() => parts.next())) {
    const part = next.value
    if (part.type !== 'file') continue
    // A part without a file name is no file (an empty file input sends `filename=""`): skipped, drained.
    if (!part.filename) {
      part.file.resume()
      continue
    }
    const type = files.acceptedType(part.filename)
    const content = await readBody(() => readCapped(part, maxBytes))
    stored.push(await files.store(target, { fileName: part.filename, type, content }))
  }
  if (stored.length === 0) throw new AppError('file_missing')
  return stored
}

/** The reference's Files API (codat-oas/Codat-Files.json), under the API key. */
export function filesRoutes(files: FilesService): FastifyPluginAsyncZod {
  return async (app) => {
    await registerMultipart(app, files.limits.maxBytes, MAX_FILES_PER_REQUEST)

    app.post(
      '/companies/:companyId/connections/:connectionId/files',
      {
        schema: {
          tags: ['Files'],
          summary: 'Upload files for a company',
          description: `Up to ${MAX_FILES_PER_REQUEST} files as multipart/form-data; each checked for its type (extension and content) and size.`,
          operationId: 'upload-files',
          params: CompanyParams.extend({ connectionId: z.uuid({ error: 'connectionId must be a GUID' }) }),
        },
      },
      async (request, reply) => {
        const target = await files.apiTarget(request.client, request.params.companyId, request.params.connectionId)
        await receiveFiles(request, files, target, MAX_FILES_PER_REQUEST)
        return await reply.code(200).send()
      },
    )

    app.get(
      '/companies/:companyId/files',
      { schema: { tags: ['Files'], summary: 'List all files uploaded by a company', operationId: 'list-files', params: CompanyParams, response: { 200: CodatFiles } } },
      async (request) => await files.list(request.client, request.params.companyId),
    )

    app.get(
      '/companies/:companyId/files/download',
      {
        schema: {
          tags: ['Files'],
          summary: 'Download all files for a company',
          description: 'A ZIP archive of the company’s files, or of those uploaded on `date` (its UTC day).',
          operationId: 'download-files',
          params: CompanyParams,
          querystring: z.object({ date: DayQuery.optional() }),
        },
      },
      async (request, reply) => {
        const { companyName, entries } = await files.download(request.client, request.params.companyId, request.query.date)
        const day = request.query.date ? ` ${request.query.date.toISOString().slice(0, 10)}` : ''
        return await reply
          .header('content-type', 'application/octet-stream')
          .header('content-disposition', attachmentDisposition(`${companyName} files${day}.zip`))
          .header('cache-control', 'no-store')
          .send(zipStream(entries))
      },
    )
  }
}

/**
 * Hosted Link's upload: one file per request (so the page shows each file's progress), for a
 * category that enables upload. Registered inside hosted Link's API, whose hooks have already
 * counted the request against its address and checked the page token and Origin.
 */
export function linkFileRoutes(files: FilesService): FastifyPluginAsyncZod {
  return async (app) => {
    await registerMultipart(app, files.limits.maxBytes, 1)
    app.post(
      '/link/api/companies/:companyId/files',
      {
        schema: {
          hide: true,
          params: CompanyParams,
          querystring: z.object({ category: z.enum(FILE_UPLOAD_CATEGORIES, { error: `category must be one of ${FILE_UPLOAD_CATEGORIES.join(', ')}` }) }),
          response: { 200: LinkUploadedFile },
        },
      },
      async (request) => {
        const target = await files.linkTarget(request.params.companyId, request.query.category)
        const [stored] = await receiveFiles(request, files, target, 1)
        return stored!
      },
    )
  }
}

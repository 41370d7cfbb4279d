/**
 * @module Files a company's person uploaded instead of connecting a platform (hosted Link's file
 * upload), and the reference's Files API that hands them to the client: `File` and `Files` are
 * the reference's shapes (codat-oas/Codat-Files.json), which allow no other property.
 */
import { z } from 'zod'

/** The Link categories whose person may upload files (the reference's `enableFileUpload`). */
export const FILE_UPLOAD_CATEGORIES = ['accounting', 'banking', 'businessDocuments'] as const
export type FileUploadCategory = (typeof FILE_UPLOAD_CATEGORIES)[number]

/** A file's `sourceType`: the kind of data it stands in for. */
export const FILE_SOURCE_TYPES = ['Accounting', 'Banking', 'Commerce', 'Other'] as const
export type FileSourceType = (typeof FILE_SOURCE_TYPES)[number]

/** The file types Linkway can take, by extension: the reference's list. FILE_UPLOAD_TYPES narrows it. */
export const FILE_TYPES = ['pdf', 'csv', 'xlsx', 'xls', 'xlsb', 'doc', 'docx', 'ppt', 'pptx', 'png', 'jpg', 'jpeg'] as const
export type FileType = (typeof FILE_TYPES)[number]

export const CodatFile = z
  .object({
    /** The file's name as the person's browser gave it (Unicode kept). */
    fileName: z.string(),
    /** The name to show: the file's name (the reference allows a separate one; Link asks for none). */
    displayName: z.string(),
    sourceType: z.enum(FILE_SOURCE_TYPES),
    /** When it was received (UTC). */
    uploaded: z.string(),
  })
  .meta({ id: 'File' })
export type CodatFile = z.infer<typeof CodatFile>

export const CodatFiles = z.array(CodatFile).meta({ id: 'Files' })

/** What hosted Link's upload answers: the file as the client will list it. */
export const LinkUploadedFile = CodatFile.extend({ sizeBytes: z.number().int() })
export type LinkUploadedFile = z.infer<typeof LinkUploadedFile>

/** The limits Link shows and checks before sending (the server checks them again). */
export const FileUploadLimits = z.object({
  /** Largest file, in bytes. */
  maxBytes: z.number().int(),
  /** Files a company may upload per UTC day. */
  maxPerCompanyPerDay: z.number().int(),
  /** Extensions accepted, lowercase, without the dot. */
  types: z.array(z.enum(FILE_TYPES)),
})
export type FileUploadLimits = z.infer<typeof FileUploadLimits>

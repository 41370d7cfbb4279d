/**
 * @module What a file is, from its name and its first bytes: the declared type is the name's
 * extension, and the content must start as that type does (its magic bytes), so a `.pdf` that is
 * really an executable, or a `.png` that is HTML, is refused. Pure functions.
 */
import { FILE_TYPES, WireString, type FileType } from '@linkway/contracts'

interface FileTypeDefinition {
  contentType: string
  /** Whether these bytes (the whole file) start as this type does. */
  hasSignature(content: Buffer): boolean
}

const startsWith = (signature: number[]) => (content: Buffer) => content.length >= signature.length && signature.every((byte, index) => content[index] === byte)
const ZIP = startsWith([0x50, 0x4b, 0x03, 0x04])
/** Office's pre-2007 formats are OLE2 compound files. */
const OLE2 = startsWith([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
const JPEG = startsWith([0xff, 0xd8, 0xff])

export const FILE_TYPE_DEFINITIONS: Record<FileType, FileTypeDefinition> = {
  // PDF readers accept the header anywhere in the first kilobyte (some producers put junk first).
  pdf: { contentType: 'application/pdf', hasSignature: (content) => content.subarray(0, 1024).includes('%PDF-') },
  // Text: no signature; a NUL byte means it is some binary file renamed.
  csv: { contentType: 'text/csv', hasSignature: (content) => !content.includes(0) },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', hasSignature: ZIP },
  xlsb: { contentType: 'application/vnd.ms-excel.sheet.binary.macroEnabled.12', hasSignature: ZIP },
  xls: { contentType: 'application/vnd.ms-excel', hasSignature: OLE2 },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', hasSignature: ZIP },
  doc: { contentType: 'application/msword', hasSignature: OLE2 },
  pptx: { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', hasSignature: ZIP },
  ppt: { contentType: 'application/vnd.ms-powerpoint', hasSignature: OLE2 },
  png: { contentType: 'image/png', hasSignature: startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  jpg: { contentType: 'image/jpeg', hasSignature: JPEG },
  jpeg: { contentType: 'image/jpeg', hasSignature: JPEG },
}

export const MAX_FILE_NAME_LENGTH = 255

/**
 * Why a file's name cannot be kept, or undefined when it can. Names stay as given (Unicode), so
 * only what could be mistaken for structure is refused: control characters (NUL included),
 * unpaired surrogates, path separators, and names that are empty or over 255 characters.
 */
export function fileNameProblem(fileName: string): string | undefined {
  if (fileName.trim().length === 0) return 'it is empty'
  if ([...fileName].length > MAX_FILE_NAME_LENGTH) return `it is longer than ${MAX_FILE_NAME_LENGTH} characters`
  if (/[\u0000-\u001f\u007f-\u009f]/.test(fileName)) return 'it holds a control character'
  if (/[/\\]/.test(fileName)) return 'it holds a path separator (/ or \\)'
  if (!WireString.safeParse(fileName).success) return 'it is not valid Unicode text'
  return undefined
}

/** The type a name declares by its extension, when it is one of `allowed`. */
export function declaredFileType(fileName: string, allowed: readonly FileType[]): FileType | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase()
  return allowed.find((type) => type === extension)
}

export function isFileType(value: string): value is FileType {
  return (FILE_TYPES as readonly string[]).includes(value)
}

import { FILE_TYPES } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { declaredFileType, FILE_TYPE_DEFINITIONS, fileNameProblem } from './file-types.js'

describe('fileNameProblem', () => {
  it('keeps Unicode names as given', () => {
    for (const name of ['株式会社テスト.pdf', 'Société Générale – relevé.csv', 'Bäckerei Müller (1).xlsx', '🙂.png']) expect(fileNameProblem(name)).toBeUndefined()
  })

  it('refuses what could pass for structure', () => {
    expect(fileNameProblem('a\u0000b.pdf')).toBe('it holds a control character')
    expect(fileNameProblem('a\r\nSet-Cookie: x.pdf')).toBe('it holds a control character')
    expect(fileNameProblem('..\\secret.pdf')).toBe('it holds a path separator (/ or \\)')
    expect(fileNameProblem('   ')).toBe('it is empty')
    expect(fileNameProblem(`${'a'.repeat(252)}.pdf`)).toBe('it is longer than 255 characters')
    expect(fileNameProblem('bad\ud800.pdf')).toBe('it is not valid Unicode text')
  })
})

describe('declaredFileType', () => {
  it('is the extension, any case, among those allowed', () => {
    expect(declaredFileType('Statement.PDF', FILE_TYPES)).toBe('pdf')
    expect(declaredFileType('export.tar.csv', FILE_TYPES)).toBe('csv')
    expect(declaredFileType('setup.exe', FILE_TYPES)).toBeUndefined()
    expect(declaredFileType('pdf', FILE_TYPES)).toBeUndefined()
    expect(declaredFileType('report.xlsx', ['pdf'])).toBeUndefined()
  })
})

describe('the content signatures', () => {
  const zip = Buffer.from('PK\x03\x04rest', 'latin1')
  const ole2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0])
  it('accept each type’s real start and refuse another type’s', () => {
    expect(FILE_TYPE_DEFINITIONS.pdf.hasSignature(Buffer.from('\n\n%PDF-1.4'))).toBe(true)
    expect(FILE_TYPE_DEFINITIONS.pdf.hasSignature(zip)).toBe(false)
    expect(FILE_TYPE_DEFINITIONS.xlsx.hasSignature(zip)).toBe(true)
    expect(FILE_TYPE_DEFINITIONS.xlsx.hasSignature(ole2)).toBe(false)
    expect(FILE_TYPE_DEFINITIONS.xls.hasSignature(ole2)).toBe(true)
    expect(FILE_TYPE_DEFINITIONS.png.hasSignature(Buffer.from('<html>'))).toBe(false)
    expect(FILE_TYPE_DEFINITIONS.jpeg.hasSignature(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe(true)
    expect(FILE_TYPE_DEFINITIONS.csv.hasSignature(Buffer.from('a;b\n1;2\n'))).toBe(true)
    expect(FILE_TYPE_DEFINITIONS.csv.hasSignature(ole2)).toBe(false)
  })
})

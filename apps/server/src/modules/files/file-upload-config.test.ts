import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../../config.js'

describe('the file upload limits (FILE_UPLOAD_*)', () => {
  it('default to the reference’s 10 MB and types, and 20 files a company a day', () => {
    expect(parseConfig({}).fileUploads).toEqual({
      maxBytes: 10 * 1024 * 1024,
      maxPerCompanyPerDay: 20,
      types: ['pdf', 'csv', 'xlsx', 'xls', 'xlsb', 'doc', 'docx', 'ppt', 'pptx', 'png', 'jpg', 'jpeg'],
    })
  })

  it('take a size, a daily number and a subset of the types', () => {
    expect(parseConfig({ FILE_UPLOAD_MAX_BYTES: '5242880', FILE_UPLOADS_PER_COMPANY_PER_DAY: '5', FILE_UPLOAD_TYPES: ' PDF, .csv,pdf ' }).fileUploads).toEqual({ maxBytes: 5242880, maxPerCompanyPerDay: 5, types: ['pdf', 'csv'] })
  })

  it('refuse a type Linkway cannot check, and sizes out of range, naming each', () => {
    let error: unknown
    try {
      parseConfig({ FILE_UPLOAD_TYPES: 'pdf,exe', FILE_UPLOAD_MAX_BYTES: '10', FILE_UPLOADS_PER_COMPANY_PER_DAY: '0' })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ConfigError)
    const problems = (error as ConfigError).problems.join('\n')
    expect(problems).toContain('FILE_UPLOAD_TYPES: give file types among pdf, csv, xlsx, xls, xlsb, doc, docx, ppt, pptx, png, jpg, jpeg (got exe)')
    expect(problems).toContain('FILE_UPLOAD_MAX_BYTES')
    expect(problems).toContain('FILE_UPLOADS_PER_COMPANY_PER_DAY')
  })
})

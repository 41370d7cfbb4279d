/**
 * @module File upload: the person sends files (a trial balance, bank statements, business
 * documents) instead of connecting a platform, where the client's Link settings enable it. Files
 * are checked here against the limits first (type, size), then sent one at a time with their
 * progress; what was sent is listed. The server checks everything again.
 */
import { useEffect, useRef, useState } from 'preact/hooks'
import type { FileUploadCategory, FileUploadLimits, LinkUploadedFile } from '@linkway/contracts'
import { LinkApiError } from '../api-client.js'
import { interpolate } from '../interpolate.js'
import type { LinkLang } from '../types.js'
import { BackButton, failureMessage, ScreenHeading, type Ui } from './common.js'

export interface UploadScreenProps {
  ui: Ui
  lang: LinkLang
  category: FileUploadCategory
  limits: FileUploadLimits
  /** What this page has sent so far, for this category (kept by the component across screens). */
  sent: readonly LinkUploadedFile[]
  upload(file: File, onProgress: (fraction: number) => void): Promise<LinkUploadedFile>
  onSent(file: LinkUploadedFile): void
  announce(message: string): void
  onBack(): void
}

interface QueuedFile {
  id: number
  file: File
  progress: number
  status: 'waiting' | 'sending' | 'failed'
  error?: string
}

/** `10 MB`, `850 KB`, in the person's language's number format. */
export function formatSize(bytes: number, lang: LinkLang): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'MB'] : [Math.max(1, Math.round(bytes / 1024)), 'KB']
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(value)} ${unit}`
}

const extensionOf = (name: string) => /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? ''

export function UploadScreen(props: UploadScreenProps) {
  const { ui, limits, lang } = props
  const texts = ui.t.fileUpload
  const [queue, setQueue] = useState<QueuedFile[]>([])
  const [isDragging, setIsDragging] = useState(false)
  const inputRef = useRef<HTMLInputElement>(null)
  const nextId = useRef(1)
  const isSending = useRef(false)
  const maxSize = formatSize(limits.maxBytes, lang)

  useEffect(() => {
    ui.headingRef.current?.focus()
  }, [])

  const update = (id: number, change: Partial<QueuedFile>) => setQueue((items) => items.map((item) => (item.id === id ? { ...item, ...change } : item)))

  /** Why the server refused a file, in the person's language (the server's own text goes nowhere). */
  const refusal = (error: unknown, fileName: string) => {
    const status = error instanceof LinkApiError ? error.statusCode : 0
    if (status === 400) return interpolate(texts.errorRefused, { fileName })
    if (status === 429) return texts.errorLimit
    if (status === 403) return texts.errorExpired
    return failureMessage(status, ui)
  }

  // One file at a time: each gets the whole connection, and its bar means what it says.
  useEffect(() => {
    const next = queue.find((item) => item.status === 'waiting')
    if (!next || isSending.current) return
    isSending.current = true
    update(next.id, { status: 'sending' })
    props
      .upload(next.file, (fraction) => update(next.id, { progress: fraction }))
      .then((stored) => {
        setQueue((items) => items.filter((item) => item.id !== next.id))
        props.onSent(stored)
        props.announce(interpolate(texts.sent, { fileName: stored.fileName }))
      })
      .catch((error: unknown) => {
        const message = refusal(error, next.file.name)
        update(next.id, { status: 'failed', error: message })
        props.announce(message)
      })
      .finally(() => {
        isSending.current = false
        // Wakes this effect for the next file.
        setQueue((items) => [...items])
      })
  }, [queue])

  const add = (files: FileList | null) => {
    if (!files || files.length === 0) return
    const added = [...files].map((file): QueuedFile => {
      const id = nextId.current++
      if (!(limits.types as readonly string[]).includes(extensionOf(file.name))) return { id, file, progress: 0, status: 'failed', error: interpolate(texts.errorType, { fileName: file.name }) }
      if (file.size > limits.maxBytes) return { id, file, progress: 0, status: 'failed', error: interpolate(texts.errorSize, { fileName: file.name, size: maxSize }) }
      return { id, file, progress: 0, status: 'waiting' }
    })
    // Failed attempts of earlier choices make way for the new ones.
    setQueue((items) => [...items.filter((item) => item.status !== 'failed'), ...added])
    if (inputRef.current) inputRef.current.value = ''
  }

  const headingVars = ui.vars
  return (
    <>
      <BackButton ui={ui} onBack={props.onBack} />
      <ScreenHeading ui={ui}>{texts.title[props.category]}</ScreenHeading>
      <p>{interpolate(texts.intro[props.category], headingVars)}</p>
      <p class="lw-muted" id="lw-upload-limits">
        {interpolate(texts.limits, { types: limits.types.map((type) => type.toUpperCase()).join(', '), size: maxSize, count: String(limits.maxPerCompanyPerDay) })}
      </p>
      <div
        class={`lw-dropzone${isDragging ? ' lw-dropzone-active' : ''}`}
        onDragOver={(event) => {
          event.preventDefault()
          setIsDragging(true)
        }}
        onDragLeave={() => setIsDragging(false)}
        onDrop={(event) => {
          event.preventDefault()
          setIsDragging(false)
          add(event.dataTransfer?.files ?? null)
        }}
      >
        <span>{texts.dropZone}</span>
        <button type="button" class="lw-button lw-button-secondary" aria-describedby="lw-upload-limits" onClick={() => inputRef.current?.click()}>
          {texts.chooseFiles}
        </button>
        <input
          ref={inputRef}
          class="lw-vh"
          type="file"
          multiple
          tabIndex={-1}
          aria-hidden="true"
          accept={limits.types.map((type) => `.${type}`).join(',')}
          onChange={(event) => add((event.currentTarget as HTMLInputElement).files)}
        />
      </div>
      {queue.length > 0 && (
        <ul class="lw-stack lw-upload-queue" aria-label={texts.uploading}>
          {queue.map((item) => (
            <li key={item.id} class="lw-card lw-upload-item">
              <strong class="lw-upload-name">{item.file.name}</strong>
              {item.status === 'failed' ? (
                <p class="lw-upload-error" role="alert">
                  {item.error}
                </p>
              ) : (
                <>
                  <progress class="lw-progress" max={100} value={Math.round(item.progress * 100)} aria-label={interpolate(texts.progress, { fileName: item.file.name, percent: String(Math.round(item.progress * 100)) })} />
                  <span class="lw-muted">{Math.round(item.progress * 100)} %</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <section class="lw-section" aria-labelledby="lw-sent-title">
        <h2 id="lw-sent-title">{texts.sentTitle}</h2>
        {props.sent.length === 0 ? (
          <p class="lw-muted">{texts.noneSent}</p>
        ) : (
          <ul class="lw-sent-list">
            {props.sent.map((file) => (
              <li key={`${file.fileName}-${file.uploaded}`}>
                <span aria-hidden="true" class="lw-status-connected">✓ </span>
                <span class="lw-upload-name">{file.fileName}</span> <span class="lw-muted">· {formatSize(file.sizeBytes, lang)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div class="lw-complete">
        <button type="button" class="lw-button lw-button-wide" onClick={props.onBack}>
          {texts.done}
        </button>
      </div>
    </>
  )
}

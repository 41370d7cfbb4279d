/** @module The terminal view of a sync: one line per dataset with a bar, counts and status; pure, so it is tested as text. */

export interface DatasetProgress {
  id: string
  dataType: string
  status: string
  progress: number
  isCompleted: boolean
  isErrored: boolean
  recordsRead: number
  totalRecords?: number | undefined
  statusDescription?: string | undefined
  errorMessage?: string | undefined
  /** Set when the sync asked the platform only for what changed since then (a re-sync). */
  modifiedSince?: string | undefined
}

const BAR_WIDTH = 24

function formatCount(value: number): string {
  return value.toLocaleString('en-GB')
}

/** A re-sync's dataset that found nothing changed since the last sync: "0/0 records" would read as a fault. */
function isNothingNew(dataset: DatasetProgress): boolean {
  return dataset.status === 'Complete' && dataset.recordsRead === 0 && dataset.modifiedSince !== undefined
}

/** `[██████░░░░]` for 0–100. */
export function progressBar(percent: number, width = BAR_WIDTH): string {
  const clamped = Math.max(0, Math.min(100, Math.round(percent)))
  const filled = Math.round((clamped / 100) * width)
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`
}

/** One line: data type, bar, percent, records (or "nothing new"), status and why it is in it. */
export function renderDatasetLine(dataset: DatasetProgress, nameWidth: number): string {
  // A total of 0 (a re-sync whose first page came back empty) says nothing a bare count does not: "0 records", not "0/0".
  const count = dataset.totalRecords !== undefined && dataset.totalRecords > 0 ? `${formatCount(dataset.recordsRead)}/${formatCount(dataset.totalRecords)}` : formatCount(dataset.recordsRead)
  const records = isNothingNew(dataset) ? 'nothing new' : `${count} records`
  const note = dataset.errorMessage ?? dataset.statusDescription
  const percent = `${String(dataset.progress).padStart(3)}%`
  return `${dataset.dataType.padEnd(nameWidth)} ${progressBar(dataset.progress)} ${percent}  ${records.padStart(23)}  ${dataset.status}${note ? ` – ${note}` : ''}`
}

function nameWidthOf(datasets: readonly DatasetProgress[]): number {
  return Math.max(8, ...datasets.map((dataset) => dataset.dataType.length))
}

/** How far the sync is: data types done and failed, records read, and whether a re-sync found nothing new. */
export function renderSummary(datasets: readonly DatasetProgress[]): string {
  const done = datasets.filter((dataset) => dataset.isCompleted).length
  const errored = datasets.filter((dataset) => dataset.isErrored).length
  const nothingNew = datasets.filter(isNothingNew).length
  const records = datasets.reduce((sum, dataset) => sum + dataset.recordsRead, 0)
  const progress = `${done}/${datasets.length} data types done${errored > 0 ? `, ${errored} failed` : ''}`
  if (nothingNew > 0 && records === 0 && errored === 0 && done === datasets.length) return `${progress}: nothing new since the last sync`
  return `${progress}, ${formatCount(records)} ${records === 1 ? 'record' : 'records'} read${nothingNew > 0 ? `, nothing new in ${nothingNew}` : ''}`
}

/** Every dataset's line, then the summary: a terminal's frame, redrawn in place. */
export function renderSyncProgress(datasets: readonly DatasetProgress[]): string[] {
  const nameWidth = nameWidthOf(datasets)
  return [...datasets.map((dataset) => renderDatasetLine(dataset, nameWidth)), renderSummary(datasets)]
}

/**
 * For output that is not a terminal (a pipe, a CI log), which cannot be redrawn: the lines of the
 * datasets that changed since they were last printed, each once. `printed` holds each dataset's
 * last printed line (by id, without the padding, which moves as data types appear); it is updated.
 */
export function renderChangedLines(datasets: readonly DatasetProgress[], printed: Map<string, string>): string[] {
  const nameWidth = nameWidthOf(datasets)
  const lines: string[] = []
  for (const dataset of datasets) {
    const line = renderDatasetLine(dataset, 0)
    if (printed.get(dataset.id) === line) continue
    printed.set(dataset.id, line)
    lines.push(renderDatasetLine(dataset, nameWidth))
  }
  return lines
}

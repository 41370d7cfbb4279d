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
}

const BAR_WIDTH = 24

function formatCount(value: number): string {
  return value.toLocaleString('en-GB')
}

/** `[██████░░░░]` for 0–100. */
export function progressBar(percent: number, width = BAR_WIDTH): string {
  const clamped = Math.max(0, Math.min(100, Math.round(percent)))
  const filled = Math.round((clamped / 100) * width)
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`
}

/** One line: data type, bar, percent, records, status and why it is in it. */
export function renderDatasetLine(dataset: DatasetProgress, nameWidth: number): string {
  const records = dataset.totalRecords !== undefined ? `${formatCount(dataset.recordsRead)}/${formatCount(dataset.totalRecords)}` : formatCount(dataset.recordsRead)
  const note = dataset.errorMessage ?? dataset.statusDescription
  const percent = `${String(dataset.progress).padStart(3)}%`
  return `${dataset.dataType.padEnd(nameWidth)} ${progressBar(dataset.progress)} ${percent}  ${records.padStart(15)} records  ${dataset.status}${note ? ` – ${note}` : ''}`
}

/** Every dataset's line, then a summary line. */
export function renderSyncProgress(datasets: readonly DatasetProgress[]): string[] {
  const nameWidth = Math.max(8, ...datasets.map((dataset) => dataset.dataType.length))
  const lines = datasets.map((dataset) => renderDatasetLine(dataset, nameWidth))
  const done = datasets.filter((dataset) => dataset.isCompleted).length
  const errored = datasets.filter((dataset) => dataset.isErrored).length
  const records = datasets.reduce((sum, dataset) => sum + dataset.recordsRead, 0)
  lines.push(`${done}/${datasets.length} data types done${errored > 0 ? `, ${errored} failed` : ''}, ${formatCount(records)} records read`)
  return lines
}

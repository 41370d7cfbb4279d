/**
 * @module Conversion: the Link funnel over a range of days (visits per step, per day, per platform
 * and per category) drawn with uPlot, each chart with its numbers in a table for whoever cannot see
 * a canvas; and connection health (Linked, Deauthorized, PendingAuth for over a day) with links to
 * the companies concerned. The range is in the page's address (`from`, `to`: UTC days, both
 * included), so Back, Reload and a shared link show the same numbers. uPlot is imported here only:
 * it loads with this page's chunk, never with the Portal's first page.
 */
import type { ConnectionHealth, FunnelEvent, Integration, LinkFunnel, LinkFunnelDaily } from '@linkway/contracts'
import type { ComponentChildren } from 'preact'
import { useLocation } from 'preact-iso'
import { useEffect, useId, useRef, useState } from 'preact/hooks'
import uPlot from 'uplot'
import { useSession } from '../session.js'
import { ErrorNotice, Loading, PageHeader, useAsync } from '../ui.js'

const DAY_MS = 24 * 60 * 60 * 1000
const PRESET_DAYS = [7, 30, 90] as const
const DEFAULT_DAYS = 30

/** What a person calls each step; the short form labels a chart's axis, where space is scarce. */
const STEPS: Array<{ event: FunnelEvent; label: string; short: string }> = [
  { event: 'opened', label: 'Opened Link', short: 'Opened' },
  { event: 'category_chosen', label: 'Chose a category', short: 'Category' },
  { event: 'platform_chosen', label: 'Chose a platform', short: 'Platform' },
  { event: 'consent_given', label: 'Gave consent', short: 'Consent' },
  { event: 'sent_to_platform', label: 'Went to the platform', short: 'Sent' },
  { event: 'returned', label: 'Came back from the platform', short: 'Returned' },
  { event: 'completed', label: 'Completed', short: 'Completed' },
  { event: 'left', label: 'Closed the page before the end', short: 'Left' },
]
const CATEGORY_LABELS: Record<string, string> = { accounting: 'Accounting', banking: 'Banking', commerce: 'Commerce' }

/** Series colours: 3:1 or more against white (WCAG 1.4.11), and told apart by the legend's words too. */
const SERIES_COLOURS = ['#1f4fd1', '#17693a', '#a34a00', '#6b3fa0'] as const

/** The steps a platform's and a category's conversion follow; "converted" is coming back from the platform. */
const PLATFORM_STEPS: FunnelEvent[] = ['platform_chosen', 'consent_given', 'sent_to_platform', 'returned']
const CATEGORY_STEPS: FunnelEvent[] = ['category_chosen', 'platform_chosen', 'sent_to_platform', 'returned']
const DAILY_STEPS: FunnelEvent[] = ['opened', 'sent_to_platform', 'completed']

const labelOf = (event: FunnelEvent) => STEPS.find((step) => step.event === event)?.label ?? event

// ----- The range -------------------------------------------------------------------------------

export interface DayRange {
  /** First day, `YYYY-MM-DD` (UTC), included. */
  from: string
  /** Last day, included. */
  to: string
}

const isDay = (text: string | undefined): text is string => typeof text === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text)
const dayOf = (milliseconds: number) => new Date(milliseconds).toISOString().slice(0, 10)

/** The last `days` days up to today (UTC), today included. */
export function lastDays(days: number, now = Date.now()): DayRange {
  return { from: dayOf(now - (days - 1) * DAY_MS), to: dayOf(now) }
}

/** The range the address asks for, or undefined when it names none (or not two days in order). */
export function rangeFromAddress(query: Record<string, string | undefined>): DayRange | undefined {
  const { from, to } = query
  return isDay(from) && isDay(to) && from <= to ? { from, to } : undefined
}

/** The API's instants: from the start of the first day to the start of the day after the last. */
const apiRange = (range: DayRange) => ({ from: `${range.from}T00:00:00Z`, to: `${dayOf(Date.parse(`${range.to}T00:00:00Z`) + DAY_MS)}T00:00:00Z` })
const dayCount = (range: DayRange) => Math.round((Date.parse(range.to) - Date.parse(range.from)) / DAY_MS) + 1
const formatDay = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' })
const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((part / whole) * 100)}%`)

// ----- The page --------------------------------------------------------------------------------

export default function ConversionPage() {
  const { api } = useSession()
  const location = useLocation()
  const asked = rangeFromAddress(location.query)
  const hasBadRange = (location.query.from !== undefined || location.query.to !== undefined) && !asked
  const range = asked ?? lastDays(DEFAULT_DAYS)
  const [fromText, setFromText] = useState(range.from)
  const [toText, setToText] = useState(range.to)
  // Back and Forward change the address: the boxes follow it.
  useEffect(() => {
    setFromText(range.from)
    setToText(range.to)
  }, [range.from, range.to])
  const show = (next: DayRange) => {
    const target = `/portal/conversion?from=${next.from}&to=${next.to}`
    // A second click on the same range adds no step to the history: Back goes to the range before.
    if (location.url === target) return
    location.route(target)
  }
  const funnel = useAsync(() => api.get<LinkFunnel>('/link/funnel', apiRange(range)), [range.from, range.to])
  const daily = useAsync(() => api.get<LinkFunnelDaily>('/link/funnel/daily', apiRange(range)), [range.from, range.to])
  const platformKeys = funnel.data ? Object.keys(funnel.data.steps.find((step) => step.event === 'platform_chosen')?.byPlatform ?? {}).sort() : []
  // One call for every name (the catalogue is small): a key per request would let funnel events
  // with made-up platform keys turn each visit of this page into as many API calls.
  const platformNames = useAsync(() => (platformKeys.length === 0 ? Promise.resolve(new Map<string, string>()) : api.get<{ results: Integration[] }>('/integrations', { pageSize: 5000 }).then((list) => namesOf(platformKeys, list.results))), [platformKeys.join(',')])
  const health = useAsync(() => api.get<ConnectionHealth>('/connections/health'), [])
  const days = dayCount(range)
  const presetDays = PRESET_DAYS.find((candidate) => range.to === lastDays(candidate).to && days === candidate)
  return (
    <>
      <style>{UPLOT_STYLES}</style>
      <PageHeader title="Conversion" description="How far people get through Link, and how your connections are doing. Days are UTC." />
      <form
        class="pt-toolbar"
        aria-label="Date range"
        onSubmit={(event) => {
          event.preventDefault()
          const next = { from: fromText, to: toText }
          if (isDay(next.from) && isDay(next.to) && next.from <= next.to) show(next)
        }}
      >
        <div class="pt-actions" role="group" aria-label="Quick ranges">
          {PRESET_DAYS.map((preset) => (
            <button key={preset} type="button" class="pt-button" aria-pressed={presetDays === preset} onClick={() => show(lastDays(preset))}>
              Last {preset} days
            </button>
          ))}
        </div>
        <div class="pt-field">
          <label for="conversion-from">From</label>
          <input id="conversion-from" class="pt-input pt-input-date" type="date" required max={toText} value={fromText} onInput={(event) => setFromText(event.currentTarget.value)} />
        </div>
        <div class="pt-field">
          <label for="conversion-to">To</label>
          <input id="conversion-to" class="pt-input pt-input-date" type="date" required min={fromText} value={toText} onInput={(event) => setToText(event.currentTarget.value)} />
        </div>
        <button type="submit" class="pt-button pt-button-primary">
          Show
        </button>
      </form>
      {hasBadRange ? <p class="pt-notice pt-notice-error">The dates in the address are not a range; showing the last {DEFAULT_DAYS} days.</p> : null}
      <p class="pt-muted" aria-live="polite">
        {formatDay(range.from)} to {formatDay(range.to)} ({days} {days === 1 ? 'day' : 'days'})
      </p>
      <ErrorNotice error={funnel.error ?? daily.error} onRetry={() => (funnel.reload(), daily.reload())} />
      {funnel.data ? (
        <>
          <FunnelSummary funnel={funnel.data} />
          <StepsChart funnel={funnel.data} />
          {daily.data ? <DailyChart daily={daily.data} /> : <Loading />}
          <div class="pt-grid-2">
            <BreakdownChart
              title="Conversion per platform"
              empty="Nobody chose a platform in these days."
              rowHeader="Platform"
              groups={platformKeys.map((key) => ({ key, label: platformNames.data?.get(key) ?? key }))}
              steps={PLATFORM_STEPS}
              countOf={(event, key) => funnel.data!.steps.find((step) => step.event === event)?.byPlatform[key] ?? 0}
            />
            <BreakdownChart
              title="Conversion per category"
              empty="Nobody chose a category in these days."
              rowHeader="Category"
              groups={Object.keys(funnel.data.steps.find((step) => step.event === 'category_chosen')?.byCategory ?? {})
                .sort()
                .map((key) => ({ key, label: CATEGORY_LABELS[key] ?? key }))}
              steps={CATEGORY_STEPS}
              countOf={(event, key) => funnel.data!.steps.find((step) => step.event === event)?.byCategory[key] ?? 0}
            />
          </div>
        </>
      ) : funnel.isLoading ? (
        <Loading />
      ) : null}
      <ConnectionHealthPanel health={health.data} error={health.error} onRetry={health.reload} />
    </>
  )
}

/** Platform names for their keys; a key the catalogue does not have keeps its key. */
function namesOf(keys: string[], integrations: Integration[]): Map<string, string> {
  const byKey = new Map(integrations.map((integration) => [integration.key, integration.name]))
  return new Map(keys.map((key) => [key, byKey.get(key) ?? key]))
}

function FunnelSummary(props: { funnel: LinkFunnel }) {
  const visits = (event: FunnelEvent) => props.funnel.steps.find((step) => step.event === event)?.visits ?? 0
  const opened = visits('opened')
  return (
    <p class="pt-summary">
      <strong>{opened}</strong> {opened === 1 ? 'visit' : 'visits'} opened Link; <strong>{visits('returned')}</strong> came back from a platform and <strong>{visits('completed')}</strong> completed ({percent(visits('completed'), opened)}).
    </p>
  )
}

// ----- Charts ----------------------------------------------------------------------------------

interface LegendEntry {
  label: string
  colour: string
}

/** A chart: uPlot on a canvas (an image to assistive technology), its legend in words, and its numbers in a table. */
function ChartCard(props: { title: string; description: string; legend?: LegendEntry[]; options: (width: number) => uPlot.Options; data: uPlot.AlignedData; table: ComponentChildren }) {
  const titleId = useId()
  return (
    <section class="pt-card pt-chart-card" aria-labelledby={titleId}>
      <h2 id={titleId}>{props.title}</h2>
      {props.legend ? (
        <ul class="pt-legend">
          {props.legend.map((entry) => (
            <li key={entry.label}>
              <span class="pt-legend-swatch" style={{ background: entry.colour }} aria-hidden="true" />
              {entry.label}
            </li>
          ))}
        </ul>
      ) : null}
      <UPlotCanvas label={`${props.description} The numbers are in the table below.`} options={props.options} data={props.data} />
      <details class="pt-chart-table">
        <summary>{props.title}: the numbers</summary>
        <div class="pt-table-wrap">{props.table}</div>
      </details>
    </section>
  )
}

const CHART_HEIGHT = 240

/** uPlot in a box as wide as its card: redrawn at the new width when the card's width changes. */
function UPlotCanvas(props: { label: string; options: (width: number) => uPlot.Options; data: uPlot.AlignedData }) {
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const element = box.current
    if (!element) return
    const widthOf = () => Math.max(200, Math.floor(element.clientWidth))
    const plot = new uPlot(props.options(widthOf()), props.data, element)
    const observer = new ResizeObserver(() => {
      if (plot.width !== widthOf()) plot.setSize({ width: widthOf(), height: CHART_HEIGHT })
    })
    observer.observe(element)
    return () => {
      observer.disconnect()
      plot.destroy()
    }
  }, [props.data])
  return <div ref={box} class="pt-chart" role="img" aria-label={props.label} />
}

const AXIS = { stroke: '#4a5264', grid: { stroke: '#e4e7ee', width: 1 }, ticks: { stroke: '#d5d9e2', width: 1 }, font: '12px system-ui, sans-serif' }

/** Bars over named slots: x is the slot's index, its axis label the slot's name. */
function barOptions(width: number, slotCount: number, labels: (slot: number) => string, series: uPlot.Series[], ticks: number[]): uPlot.Options {
  return {
    width,
    height: CHART_HEIGHT,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false, range: () => [-0.6, slotCount - 0.4] }, y: { range: (_plot, _min, max) => [0, Math.max(1, max)] } },
    axes: [
      { ...AXIS, grid: { show: false }, splits: () => ticks, values: (_plot, splits) => splits.map((slot) => labels(slot)) },
      { ...AXIS, values: (_plot, splits) => splits.map((value) => (Number.isInteger(value) ? String(value) : '')) },
    ],
    series: [{}, ...series],
  }
}

function StepsChart(props: { funnel: LinkFunnel }) {
  const visits = STEPS.map(({ event }) => props.funnel.steps.find((step) => step.event === event)?.visits ?? 0)
  const opened = visits[0] ?? 0
  const [data] = useMemoData(() => [STEPS.map((_, index) => index), visits], [visits.join(',')])
  return (
    <ChartCard
      title="Visits per step"
      description="Bar chart of the visits that reached each step of Link."
      data={data}
      options={(width) =>
        barOptions(width, STEPS.length, (slot) => STEPS[slot]?.short ?? '', [{ label: 'Visits', fill: SERIES_COLOURS[0], stroke: SERIES_COLOURS[0], paths: uPlot.paths.bars!({ size: [0.7, 80] }), points: { show: false } }], STEPS.map((_, index) => index))
      }
      table={
        <table class="pt-table" data-table="steps">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Visits</th>
              <th scope="col">Of those who opened Link</th>
            </tr>
          </thead>
          <tbody>
            {STEPS.map((step, index) => (
              <tr key={step.event}>
                <th scope="row">{step.label}</th>
                <td>{visits[index]}</td>
                <td>{percent(visits[index] ?? 0, opened)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}

function DailyChart(props: { daily: LinkFunnelDaily }) {
  const { days } = props.daily
  const [data] = useMemoData(() => [days.map((day) => Date.parse(`${day.date}T00:00:00Z`) / 1000), ...DAILY_STEPS.map((event) => days.map((day) => day.visits[event]))], [JSON.stringify(days)])
  const legend = DAILY_STEPS.map((event, index) => ({ label: labelOf(event), colour: SERIES_COLOURS[index]! }))
  return (
    <ChartCard
      title="Visits per day"
      description="Line chart of the visits per day that opened Link, went to a platform and completed."
      legend={legend}
      data={data}
      options={(width) => ({
        width,
        height: CHART_HEIGHT,
        legend: { show: false },
        cursor: { show: false },
        // The days are UTC days: their axis too, whatever the browser's time zone.
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
        scales: { x: { time: true }, y: { range: (_plot, _min, max) => [0, Math.max(1, max)] } },
        axes: [{ ...AXIS, grid: { show: false } }, { ...AXIS, values: (_plot, splits) => splits.map((value) => (Number.isInteger(value) ? String(value) : '')) }],
        series: [{}, ...legend.map((entry) => ({ label: entry.label, stroke: entry.colour, width: 2, points: { show: days.length <= 31, size: 5, fill: entry.colour } }))],
      })}
      table={
        <table class="pt-table" data-table="daily">
          <thead>
            <tr>
              <th scope="col">Day</th>
              {DAILY_STEPS.map((event) => (
                <th scope="col" key={event}>
                  {labelOf(event)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day.date}>
                <th scope="row">
                  <time dateTime={day.date}>{formatDay(day.date)}</time>
                </th>
                {DAILY_STEPS.map((event) => (
                  <td key={event}>{day.visits[event]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}

/**
 * Grouped bars: each group (a platform, a category) has one bar per step, side by side. uPlot
 * draws a series' bars one x-slot wide, so the groups are laid out as slots (one per step, and
 * an empty one between groups), each series holding its value in its own slot and null elsewhere.
 */
function BreakdownChart(props: { title: string; empty: string; rowHeader: string; groups: Array<{ key: string; label: string }>; steps: FunnelEvent[]; countOf: (event: FunnelEvent, key: string) => number }) {
  const { groups, steps } = props
  const stride = steps.length + 1
  const slotCount = groups.length * stride - 1
  const counts = groups.map((group) => steps.map((event) => props.countOf(event, group.key)))
  const [data] = useMemoData(
    () => [Array.from({ length: slotCount }, (_, slot) => slot), ...steps.map((_, stepIndex) => Array.from({ length: slotCount }, (_, slot) => (slot % stride === stepIndex ? (counts[Math.floor(slot / stride)]?.[stepIndex] ?? 0) : null)))],
    // The labels too: platform names arrive after the counts, and the axis must show them.
    [JSON.stringify(counts), groups.map((group) => group.label).join('\n')],
  )
  const legend = steps.map((event, index) => ({ label: labelOf(event), colour: SERIES_COLOURS[index]! }))
  if (groups.length === 0) {
    return (
      <section class="pt-card pt-chart-card" aria-label={props.title}>
        <h2>{props.title}</h2>
        <p class="pt-muted">{props.empty}</p>
      </section>
    )
  }
  return (
    <ChartCard
      title={props.title}
      description={`Bar chart of the visits per ${props.rowHeader.toLowerCase()} at each step, from choosing to coming back from the platform.`}
      legend={legend}
      data={data}
      options={(width) =>
        barOptions(
          width,
          slotCount,
          (slot) => groups[Math.round((slot - (steps.length - 1) / 2) / stride)]?.label ?? '',
          legend.map((entry) => ({ label: entry.label, fill: entry.colour, stroke: entry.colour, paths: uPlot.paths.bars!({ size: [0.9, 60] }), points: { show: false } })),
          groups.map((_, index) => index * stride + (steps.length - 1) / 2),
        )
      }
      table={
        <table class="pt-table" data-table={props.rowHeader.toLowerCase()}>
          <thead>
            <tr>
              <th scope="col">{props.rowHeader}</th>
              {steps.map((event) => (
                <th scope="col" key={event}>
                  {labelOf(event)}
                </th>
              ))}
              <th scope="col">Came back</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group, index) => (
              <tr key={group.key}>
                <th scope="row">{group.label}</th>
                {counts[index]!.map((count, stepIndex) => (
                  <td key={steps[stepIndex]}>{count}</td>
                ))}
                <td>{percent(counts[index]!.at(-1) ?? 0, counts[index]![0] ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}

/** The chart's data, rebuilt only when its numbers change (a new array redraws the canvas). */
function useMemoData(build: () => uPlot.AlignedData, key: unknown[]): [uPlot.AlignedData] {
  const memo = useRef<{ key: string; data: uPlot.AlignedData } | undefined>(undefined)
  const text = JSON.stringify(key)
  if (!memo.current || memo.current.key !== text) memo.current = { key: text, data: build() }
  return [memo.current.data]
}

// ----- Connection health -----------------------------------------------------------------------

function ConnectionHealthPanel(props: { health: ConnectionHealth | undefined; error: unknown; onRetry: () => void }) {
  const { health } = props
  const companiesWith = (status: string) => `/portal/companies?q=${encodeURIComponent(`dataConnections.status=${status}`)}`
  return (
    <section aria-labelledby="connection-health-title">
      <h2 id="connection-health-title">Connection health</h2>
      <ErrorNotice error={props.error} onRetry={props.onRetry} />
      {health ? (
        <>
          <ul class="pt-health">
            <HealthItem tone="good" label="Linked" count={health.linked} href={companiesWith('Linked')} hint="Syncing." />
            <HealthItem tone="bad" label="Deauthorized" count={health.deauthorized} href={companiesWith('Deauthorized')} hint="The platform withdrew access: send the company its Link URL to reconnect." />
            <HealthItem
              tone="waiting"
              label="Waiting for over a day"
              count={health.pendingAuthOverADay}
              href={companiesWith('PendingAuth')}
              linkLabel={`See the ${health.pendingAuth.companies} ${health.pendingAuth.companies === 1 ? 'company' : 'companies'} with a pending connection`}
              hint={`PendingAuth for more than 24 hours (${health.pendingAuth.connections} pending in all): the person has probably not finished.`}
            />
          </ul>
          <p class="pt-muted">
            As of <time dateTime={health.asOf}>{new Date(health.asOf).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}</time>.
          </p>
        </>
      ) : props.error ? null : (
        <Loading />
      )}
    </section>
  )
}

function HealthItem(props: { tone: 'good' | 'bad' | 'waiting'; label: string; count: { connections: number; companies: number }; href: string; hint: string; linkLabel?: string }) {
  const { connections, companies } = props.count
  return (
    <li class={`pt-card pt-health-${props.tone}`} data-health={props.label}>
      <span class="pt-health-label">{props.label}</span>
      <span class="pt-health-count">
        {connections} <span class="pt-muted">{connections === 1 ? 'connection' : 'connections'}</span>
      </span>
      <span class="pt-hint">{props.hint}</span>
      <a href={props.href}>{props.linkLabel ?? `See the ${companies} ${companies === 1 ? 'company' : 'companies'}`}</a>
    </li>
  )
}

/**
 * What uPlot's own stylesheet (uplot/dist/uPlot.min.css) says that these charts use: its canvases
 * and layers positioned in their box. Inline, as the Portal's one stylesheet is: no extra request.
 */
const UPLOT_STYLES = `.uplot,.uplot *,.uplot *::before,.uplot *::after{box-sizing:border-box}.uplot{font-family:system-ui,sans-serif;line-height:1.5;width:min-content}.u-wrap{position:relative;user-select:none}.u-over,.u-under{position:absolute}.u-under{overflow:hidden}.uplot canvas{display:block;position:relative;width:100%;height:100%}.u-axis{position:absolute}.u-select{position:absolute;pointer-events:none}.u-axis.u-off,.u-select.u-off,.u-cursor-x.u-off,.u-cursor-y.u-off,.u-cursor-pt.u-off{display:none}`

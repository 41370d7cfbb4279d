/**
 * @module The sync settings form and its table, per data type: read on first link, and the schedule. The
 * client's defaults (Settings › Redirects & sync) and a company's own settings (its page) edit the
 * same rows; the server holds the rules (which data types, which ranges) and answers a bad value.
 */
import type { SyncSetting } from '@linkway/contracts'
import type { ComponentChildren } from 'preact'
import { useLayoutEffect, useState } from 'preact/hooks'
import { useSession } from '../session.js'
import { ErrorNotice, Loading, SuccessNotice, useAsync, useFormSubmit } from '../ui.js'

export const SCHEDULES: Array<{ hours: number; label: string }> = [
  { hours: 0, label: 'Never on a schedule' },
  { hours: 1, label: 'Every hour' },
  { hours: 6, label: 'Every 6 hours' },
  { hours: 12, label: 'Every 12 hours' },
  { hours: 24, label: 'Daily' },
  { hours: 168, label: 'Weekly' },
  { hours: 720, label: 'Monthly (30 days)' },
]

export function scheduleLabel(hours: number): string {
  return SCHEDULES.find((schedule) => schedule.hours === hours)?.label ?? `Every ${hours} hours`
}

/** The rows, editable by an admin (`onChange` gets one data type's change), read-only for a viewer. */
export function SyncSettingsTable(props: { settings: SyncSetting[]; canChange: boolean; caption: string; onChange: (dataType: string, update: Partial<SyncSetting>) => void }) {
  const { settings, canChange } = props
  const change = props.onChange
  return (
    <div class="pt-table-wrap">
      <table class="pt-table">
        <caption class="pt-skip">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Data type</th>
            <th scope="col">Read on first link</th>
            <th scope="col">Schedule</th>
          </tr>
        </thead>
        <tbody>
          {settings.map((setting) => (
            <tr key={setting.dataType}>
              <th scope="row" class="pt-mono">
                {setting.dataType}
              </th>
              <td>
                {canChange ? (
                  <input type="checkbox" aria-label={`Read ${setting.dataType} on first link`} checked={setting.fetchOnFirstLink} onChange={(event) => change(setting.dataType, { fetchOnFirstLink: event.currentTarget.checked })} />
                ) : setting.fetchOnFirstLink ? (
                  'Yes'
                ) : (
                  'No'
                )}
              </td>
              <td>
                {canChange ? (
                  <select class="pt-select" aria-label={`Schedule of ${setting.dataType}`} value={String(setting.syncSchedule)} onChange={(event) => change(setting.dataType, { syncSchedule: Number(event.currentTarget.value) })}>
                    {SCHEDULES.some((schedule) => schedule.hours === setting.syncSchedule) ? null : <option value={String(setting.syncSchedule)}>{scheduleLabel(setting.syncSchedule)}</option>}
                    {SCHEDULES.map((schedule) => (
                      <option key={schedule.hours} value={String(schedule.hours)}>
                        {schedule.label}
                      </option>
                    ))}
                  </select>
                ) : (
                  scheduleLabel(setting.syncSchedule)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/**
 * The sync settings at `path` (`/profile/syncSettings`, or a company's), loaded, edited and saved
 * with POST as the API has them. `canOverride`: a company's settings, which apply only while
 * "its own settings" is ticked (the API's `overridesDefaults`); otherwise it follows `defaults`.
 */
export function SyncSettingsForm(props: { path: string; titleId: string; caption: string; savedMessage: string; intro?: ComponentChildren; canOverride?: { label: string; defaults: ComponentChildren } }) {
  const { api, canChange } = useSession()
  const loaded = useAsync(() => api.get<{ settings: SyncSetting[]; overridesDefaults?: boolean }>(props.path), [props.path])
  const [settings, setSettings] = useState<SyncSetting[]>([])
  const [overridesDefaults, setOverridesDefaults] = useState(false)
  const [isSaved, setSaved] = useState(false)
  // Before the paint: the form is drawn with the loaded values, never empty first (typing in that frame was lost).
  useLayoutEffect(() => {
    if (!loaded.data) return
    setSettings(loaded.data.settings)
    setOverridesDefaults(loaded.data.overridesDefaults ?? false)
  }, [loaded.data])
  const { isBusy, submit, errorNotice } = useFormSubmit(async () => {
    setSaved(false)
    await api.post(props.path, props.canOverride ? { settings, overridesDefaults } : { settings })
    setSaved(true)
    loaded.reload()
  })
  const isTableShown = !props.canOverride || overridesDefaults
  return (
    <section class="pt-card" aria-labelledby={props.titleId}>
      <h2 id={props.titleId}>Sync settings</h2>
      {props.intro}
      <ErrorNotice error={loaded.error} onRetry={loaded.reload} />
      {loaded.data ? (
        <form onSubmit={submit}>
          {errorNotice}
          {isSaved ? <SuccessNotice>{props.savedMessage}</SuccessNotice> : null}
          {props.canOverride ? (
            <p>
              <label>
                <input
                  type="checkbox"
                  checked={overridesDefaults}
                  disabled={!canChange}
                  onChange={(event) => {
                    setSaved(false)
                    setOverridesDefaults(event.currentTarget.checked)
                  }}
                />{' '}
                {props.canOverride.label}
              </label>
            </p>
          ) : null}
          {isTableShown ? (
            <SyncSettingsTable
              settings={settings}
              canChange={canChange}
              caption={props.caption}
              onChange={(dataType, update) => {
                setSaved(false)
                setSettings((current) => current.map((setting) => (setting.dataType === dataType ? { ...setting, ...update } : setting)))
              }}
            />
          ) : (
            <p class="pt-muted">{props.canOverride?.defaults}</p>
          )}
          {canChange ? (
            <p>
              <button type="submit" class="pt-button pt-button-primary" disabled={isBusy} aria-busy={isBusy}>
                {isBusy ? 'Saving…' : 'Save sync settings'}
              </button>
            </p>
          ) : null}
        </form>
      ) : loaded.isLoading ? (
        <Loading />
      ) : null}
    </section>
  )
}

/**
 * @module Where the person is in the journey: choose what to connect, choose the platform, review
 * and allow, sign in at the platform. Shown on the steps that lead to a connection.
 */
import type { Messages } from '../i18n/index.js'
import { interpolate } from '../interpolate.js'
import type { Screen } from '../journey.js'

const STEP_NUMBER: Partial<Record<Screen['name'], number>> = { categories: 1, platforms: 2, consent: 3, redirecting: 4 }

export function StepIndicator(props: { t: Messages; screen: Screen }) {
  const { t } = props
  const current = STEP_NUMBER[props.screen.name]
  if (current === undefined) return null
  const names = t.steps.names
  return (
    <nav class="lw-steps" aria-label={t.steps.label}>
      <p class="lw-steps-text">{interpolate(t.steps.position, { number: String(current), total: String(names.length), name: names[current - 1]! })}</p>
      <ol class="lw-steps-bar">
        {names.map((name, index) => (
          <li key={name} class={index + 1 <= current ? 'lw-step lw-step-reached' : 'lw-step'} aria-current={index + 1 === current ? 'step' : undefined}>
            <span class="lw-vh">{name}</span>
          </li>
        ))}
      </ol>
    </nav>
  )
}

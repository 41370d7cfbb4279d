/** @module The benches' settings from the environment: a bad value stops the bench with a message that names it. */

/** `whole` for counts; `any` for durations, which may be fractional. Unset or empty gives `fallback`. */
export function numberFromEnv(name: string, fallback: number, min: number, max: number, kind: 'whole' | 'any' = 'whole'): number {
  const text = process.env[name]
  if (text === undefined || text === '') return fallback
  const value = Number(text)
  const isValid = kind === 'whole' ? Number.isInteger(value) : Number.isFinite(value)
  if (!isValid || value < min || value > max) {
    throw new Error(`${name} must be ${kind === 'whole' ? 'a whole number' : 'a number'} from ${min} to ${max}, not "${text}"`)
  }
  return value
}

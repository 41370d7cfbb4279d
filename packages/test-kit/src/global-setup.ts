/** @module Runs once before the test files: says which database backends this run covers. */
import { testedBackends } from './backends.js'

export default function setup(): void {
  const backends = testedBackends()
  const missing = backends.includes('postgres') ? '' : ' (PostgreSQL not covered: set DATABASE_URL to include it)'
  console.log(`Database backends covered: ${backends.join(', ')}${missing}`)
}

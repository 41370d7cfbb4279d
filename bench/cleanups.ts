/** @module Undo steps for a bench run: run last-in first-out, every step even if one before it fails. */

export class Cleanups {
  readonly #steps: Array<() => Promise<void> | void> = []

  push(step: () => Promise<void> | void): void {
    this.#steps.push(step)
  }

  async run(): Promise<void> {
    while (this.#steps.length > 0) {
      try {
        await this.#steps.pop()!()
      } catch (error) {
        console.error('cleanup:', error)
      }
    }
  }
}

/**
 * A bench's three cleanup scopes (whole run, PostgreSQL part, PGlite part) and the one function
 * that runs them all, also on Ctrl-C, so an interrupted bench still drops its database.
 */
export function benchCleanups(): { global: Cleanups; postgresPart: Cleanups; pglitePart: Cleanups; cleanUp: () => Promise<void> } {
  const global = new Cleanups()
  const postgresPart = new Cleanups()
  const pglitePart = new Cleanups()
  const cleanUp = async () => {
    await pglitePart.run()
    await postgresPart.run()
    await global.run()
  }
  process.once('SIGINT', () => {
    console.error('\ninterrupted: cleaning up')
    void cleanUp().finally(() => process.exit(130))
  })
  return { global, postgresPart, pglitePart, cleanUp }
}

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

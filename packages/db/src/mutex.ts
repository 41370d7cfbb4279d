/** @module A first-in, first-out lock: PGlite has one session, so a transaction must own it whole. */

export class SessionLock {
  #tail: Promise<void> = Promise.resolve()

  /** Waits for every earlier holder, then returns the function that lets the next one in. */
  async acquire(): Promise<() => void> {
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    const previous = this.#tail
    this.#tail = previous.then(() => released)
    await previous
    let isReleased = false
    return () => {
      if (isReleased) return
      isReleased = true
      release()
    }
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire()
    try {
      return await work()
    } finally {
      release()
    }
  }
}

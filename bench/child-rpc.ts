/**
 * @module A bench helper in a forked child process, asked one request at a time over IPC: the
 * load generator (bench/load.ts) and the Link browser (bench/link-browser.ts). The parent side is
 * `ChildRpc`; the child side answers with `serveRpc`. The child inherits this process's execArgv
 * (--conditions=source --import tsx), so it runs TypeScript.
 */
import { fork, type ChildProcess } from 'node:child_process'

export type RpcMessage<Request> = { id: number; request: Request }
export type RpcReply<Result> = { id: number; result: Result } | { id: number; error: string }

export class ChildRpc<Request, Result> {
  readonly #child: ChildProcess
  readonly #name: string
  #nextId = 0
  readonly #pending = new Map<number, { resolve: (result: Result) => void; reject: (error: Error) => void }>()

  constructor(file: string, name: string) {
    this.#name = name
    this.#child = fork(file, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    this.#child.on('message', (reply: RpcReply<Result>) => {
      const pending = this.#pending.get(reply.id)
      if (!pending) return
      this.#pending.delete(reply.id)
      if ('error' in reply) pending.reject(new Error(`${this.#name}: ${reply.error}`))
      else pending.resolve(reply.result)
    })
    this.#child.on('exit', (code) => {
      for (const pending of this.#pending.values()) pending.reject(new Error(`${this.#name} exited with code ${code}`))
      this.#pending.clear()
    })
  }

  call(request: Request): Promise<Result> {
    const id = this.#nextId++
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject })
      this.#child.send({ id, request } satisfies RpcMessage<Request>)
    })
  }

  get pid(): number | undefined {
    return this.#child.pid
  }

  /** Disconnecting ends the child (serveRpc exits on disconnect, after its `onDisconnect`). */
  close(): void {
    if (this.#child.connected) this.#child.disconnect()
  }
}

/** In the child: answers each request with `handle`; the parent going away ends the child too. */
export function serveRpc<Request, Result>(handle: (request: Request) => Promise<Result>, onDisconnect: () => Promise<void> | void = () => {}): void {
  if (!process.send) return
  process.on('message', (message: RpcMessage<Request>) => {
    handle(message.request).then(
      (result) => process.send!({ id: message.id, result } satisfies RpcReply<Result>),
      (error: unknown) => process.send!({ id: message.id, error: String(error) } satisfies RpcReply<Result>),
    )
  })
  process.on('disconnect', () => {
    void Promise.resolve()
      .then(onDisconnect)
      .finally(() => process.exit(0))
  })
}

/**
 * @module nginx in front of several `--role=api` processes, as docs/deployment.md sets it up: the
 * site configuration that page shows (`nginxSiteConfig`, checked against the page by
 * nginx.test.ts), and `startNginx`, which runs Debian's nginx as a child process on 127.0.0.1 with
 * that site and a main configuration of its own in a temporary folder: never the system service,
 * never its files. Used by the scale-out test (apps/server/test/scale-out.test.ts) and bench.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

/** Debian's nginx (`apt-get install -y nginx`); .ci/run installs it. */
export const NGINX_PATH = '/usr/sbin/nginx'

export function isNginxInstalled(): boolean {
  return existsSync(NGINX_PATH)
}

export interface NginxSiteOptions {
  /** What nginx listens on: `80`, `443 ssl`, `127.0.0.1:8080`. */
  listen: string
  /** The API processes, as `host:port`. */
  apiProcesses: string[]
}

/** The `upstream` and `server` blocks for Linkway (an `http`-level file, such as /etc/nginx/conf.d/linkway.conf). */
export function nginxSiteConfig({ listen, apiProcesses }: NginxSiteOptions): string {
  return `# Linkway's --role=api processes. Any of them can serve any request: all state is in PostgreSQL.
upstream linkway_api {
${apiProcesses.map((address) => `    server ${address} max_fails=1 fail_timeout=10s;`).join('\n')}
    # A process that refuses a connection, or fails while a request is on it, gets no requests for
    # fail_timeout; then one request tries it again. A restarted process is back within 10 s.

    # Idle connections kept open to the processes (per nginx worker): no TCP handshake per request.
    keepalive 32;
}

server {
    listen ${listen};

    # Linkway refuses a body over 1 MiB itself, with a 413 in its own error body.
    client_max_body_size 2m;

    location / {
        proxy_pass http://linkway_api;
        # HTTP/1.1 and no Connection header: what keepalive to the upstream needs.
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        # The visitor's address. Set TRUST_PROXY to this machine's address on the API processes,
        # or they see every request as this machine's (the invite page limits per address).
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;

        # A request that fails to reach a process (connection refused or reset, no answer in
        # time, or a 502 from something in front of the process) is passed to the next process.
        # nginx does this for GET, HEAD, PUT, DELETE and OPTIONS even after sending the request,
        # but for POST and PATCH only if the request was never sent: a POST in flight when its
        # process dies answers 502 and is not repeated, because it may have been carried out.
        # (Adding non_idempotent here would repeat it: never do.)
        proxy_next_upstream error timeout http_502;
        proxy_connect_timeout 2s;
        proxy_read_timeout 60s;

        # File uploads (docs/file-upload.md): Linkway caps each file itself while it streams in
        # (FILE_UPLOAD_MAX_BYTES); here only the whole body, 20 files of 10 MB and the form around
        # them, passed on as it arrives rather than first written to nginx's disk.
        location ~ /files$ {
            proxy_pass http://linkway_api;
            client_max_body_size 210m;
            proxy_request_buffering off;
        }
    }
}
`
}

export interface RunningNginx {
  /** `http://127.0.0.1:<port>`: the load balancer, and the PUBLIC_URL of the processes behind it. */
  url: string
  port: number
  /** What nginx wrote to stderr (its error log). */
  output(): string
  /** Fast shutdown (SIGTERM to the master, which stops its workers), then the folder is removed. */
  stop(): Promise<void>
}

/**
 * Starts nginx in the foreground (`-g 'daemon off;'`) as a child process, with the site above on
 * `127.0.0.1:<port>` and everything it writes (pid, temporary files) in a folder of its own.
 */
export async function startNginx(options: { port: number; apiProcesses: string[] }): Promise<RunningNginx> {
  if (!isNginxInstalled()) throw new Error(`${NGINX_PATH} is not installed: apt-get install -y nginx`)
  const dir = mkdtempSync(path.join(tmpdir(), 'linkway-nginx-'))
  // Run as root, nginx's workers drop to nobody; they must be able to reach their temporary folders.
  chmodSync(dir, 0o755)
  const configFile = path.join(dir, 'nginx.conf')
  writeFileSync(
    configFile,
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr warn;
events {
    worker_connections 1024;
}
http {
    access_log off;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;

${nginxSiteConfig({ listen: `127.0.0.1:${options.port}`, apiProcesses: options.apiProcesses })}
}
`,
  )
  const child: ChildProcess = spawn(NGINX_PATH, ['-e', 'stderr', '-p', dir, '-c', configFile, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = `http://127.0.0.1:${options.port}`
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
    rmSync(dir, { recursive: true, force: true })
  }

  // Listening once any answer comes back (a 502 while no process is up yet is an answer).
  const deadline = Date.now() + 10_000
  for (;;) {
    if (child.exitCode !== null) {
      await stop()
      throw new Error(`nginx exited at start:\n${output}`)
    }
    const isListening = await fetch(`${url}/health`).then(
      async (response) => (await response.arrayBuffer(), true),
      () => false,
    )
    if (isListening) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`nginx did not listen on ${url} within 10 s:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return { url, port: options.port, output: () => output, stop }
}

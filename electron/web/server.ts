// Web mode: `npm run web [-- --port N] [--model DIR] [--data DIR]`. Serves the renderer on
// 127.0.0.1 only and bridges the studio API over a WebSocket to the same engine process the
// desktop app uses. Every request needs the per-launch token printed in the URL.
import { createReadStream, readFileSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { homedir } from 'node:os'
import { basename, extname, join, resolve, sep } from 'node:path'
import { parseArgs } from 'node:util'
import { WebSocketServer } from 'ws'
import { CSP_HEADER } from '../shared/csp'
import { StudioError, toErrorInfo } from '../shared/errors'
import { decodeUrlPath } from '../shared/url-path'
import { EngineHost } from '../studio/engine-host'
import { forkLauncher } from '../studio/fork-launcher'
import { StudioService, type Platform } from '../studio/service'
import { createSession } from '../studio/sessions'
import { loadSettings } from '../studio/settings'
import { authorizeHttp, authorizeUpgrade, newToken, tokenCookie, type Gate } from './auth'
import { ensureRenderer, rendererOutDir, repoRoot } from './build-renderer'
import { WsGateway } from './ws-gateway'

export interface WebServerOptions {
  port?: number // 0 = random
  modelDir?: string
  /** The second model (ladders mixing flow and diffusion); default: the saved one, else the shipped twin */
  secondModelDir?: string
  dataDir?: string
  threads?: number
  build?: boolean // (re)build the renderer when stale; default true
  log?: (msg: string) => void
}

export interface WebServer {
  url: string // with the token
  origin: string
  port: number
  token: string
  service: StudioService
  close(): Promise<void>
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CSP_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

export function defaultDataDir(): string {
  if (process.env.VOICEFILL_DATA) return resolve(process.env.VOICEFILL_DATA)
  return join(process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'voicefill')
}

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version
  } catch {
    return '0.0.0'
  }
}

function fail(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(`${message}\n`)
}

const FORBIDDEN = 'Forbidden: open the URL printed by `npm run web` (it carries the access token).'

/** Resolves on 'drain' or 'close', whichever comes first, and removes the other listener (a long stream waits thousands of times). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise<void>((ok) => {
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      ok()
    }
    res.once('drain', done).once('close', done)
  })
}

async function pipeBody(res: ServerResponse, body: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const chunk of body) {
    if (res.destroyed) return
    if (!res.write(chunk)) await drained(res)
  }
  res.end()
}

async function serveStatic(res: ServerResponse, pathname: string): Promise<void> {
  const rel = pathname === '/' ? 'index.html' : decodeUrlPath(pathname).replace(/^\/+/, '')
  const file = resolve(rendererOutDir, rel)
  if (!file.startsWith(rendererOutDir + sep)) return fail(res, 404, 'Not found')
  const st = await stat(file).catch(() => null)
  if (!st?.isFile()) return fail(res, 404, 'Not found')
  const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': type,
    'Content-Length': String(st.size),
    'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'no-cache',
  })
  createReadStream(file).pipe(res)
}

export async function startWebServer(opts: WebServerOptions = {}): Promise<WebServer> {
  const log = opts.log ?? ((m: string) => console.log(m))
  if (opts.build !== false) await ensureRenderer(log)

  const dataDir = resolve(opts.dataDir ?? defaultDataDir())
  const projectsDir = join(dataDir, 'projects')
  const session = await createSession(dataDir)
  const downloads = new Map<string, { path: string; fileName: string }>()
  const platform: Platform = {
    kind: 'web',
    version: version(),
    pickAudioFile: unsupported,
    pickExportPath: unsupported,
    pickProjectToOpen: unsupported,
    pickProjectSavePath: unsupported,
    pickModelDir: unsupported,
    offerDownload(path, fileName) {
      const id = basename(path, '.wav')
      downloads.set(id, { path, fileName })
      return `/download/${id}`
    },
    setWindowState: () => undefined,
  }

  let gateway: WsGateway | null = null
  const saved = await loadSettings(join(dataDir, 'settings.json'))
  const host = new EngineHost({
    launcher: forkLauncher(),
    modelDir: opts.modelDir ? resolve(opts.modelDir) : saved.modelDir,
    secondModelDir: opts.secondModelDir ? resolve(opts.secondModelDir) : saved.secondModelDir,
    threads: opts.threads ?? saved.threads,
  })
  const service = new StudioService({
    host,
    platform,
    dataDir,
    session,
    projectsDir,
    emit: (channel, payload) => gateway?.broadcast(channel, payload),
    livePages: () => gateway?.livePages() ?? new Set(),
  })
  await service.init()
  gateway = new WsGateway(service)
  const engineStarted = host.start()

  const gate: Gate = { token: newToken(), port: 0 }
  const server = createServer((req, res) => void route(req, res))
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 ** 3 })

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const gateReq = { url: req.url ?? '/', host: req.headers.host, cookie: req.headers.cookie }
    const via = authorizeHttp(gateReq, gate)
    if (!via) return fail(res, 403, FORBIDDEN)
    if (req.method === 'POST' && via === 'cookie' && new URL(gateReq.url, 'http://x').pathname === '/upload') return receiveUpload(req, res)
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, 'Method not allowed')
    const url = new URL(gateReq.url, `http://127.0.0.1:${gate.port}`)
    if (via === 'query') {
      // First visit: keep the token in a cookie and drop it from the address bar.
      url.searchParams.delete('token')
      res.writeHead(302, { ...SECURITY_HEADERS, 'Set-Cookie': tokenCookie(gate), Location: url.pathname + url.search })
      res.end()
      return
    }
    try {
      if (url.pathname.startsWith('/media/')) {
        const audioId = decodeUrlPath(url.pathname.slice('/media/'.length))
        const takes = url.searchParams.get('takes')?.split(',').filter(Boolean) ?? []
        const media = service.media(audioId, takes, req.headers.range)
        res.writeHead(media.status, { ...SECURITY_HEADERS, ...media.headers })
        if (req.method === 'HEAD' || !media.body) return void res.end()
        return await pipeBody(res, media.body)
      }
      if (url.pathname.startsWith('/download/')) {
        const d = downloads.get(url.pathname.slice('/download/'.length))
        if (!d) return fail(res, 404, 'Not found (exports are kept for an hour)')
        const st = await stat(d.path)
        res.writeHead(200, {
          ...SECURITY_HEADERS,
          'Content-Type': d.fileName.endsWith('.srt') ? 'application/x-subrip; charset=utf-8' : 'audio/wav',
          'Content-Length': String(st.size),
          'Content-Disposition': `attachment; filename="${d.fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(d.fileName)}`,
        })
        return void createReadStream(d.path).pipe(res)
      }
      return await serveStatic(res, url.pathname)
    } catch (e) {
      const info = toErrorInfo(e)
      return fail(res, info.code === 'NOT_FOUND' ? 404 : info.code === 'BAD_REQUEST' ? 400 : 500, info.message)
    }
  }

  /**
   * POST /upload?name=…: the page streams a picked or dropped file here (never whole in memory on
   * either side), then opens it with 'audio:open' {uploadId, name}. Same-origin only: the token
   * cookie is SameSite=Strict and the Origin header must be ours, as for the WebSocket.
   */
  async function receiveUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = req.headers.origin
    if (origin !== `http://127.0.0.1:${gate.port}` && origin !== `http://localhost:${gate.port}`) return fail(res, 403, FORBIDDEN)
    const name = new URL(req.url ?? '/', 'http://x').searchParams.get('name')?.slice(0, 255) || 'audio'
    const length = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length'])
    try {
      const uploadId = await service.receiveUpload(name, req, Number.isFinite(length) ? length : undefined)
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
      res.end(JSON.stringify({ uploadId }))
    } catch (e) {
      const info = toErrorInfo(e)
      fail(res, info.code === 'BAD_REQUEST' ? 413 : 500, info.message)
      req.resume() // drain what the page is still sending
    }
  }

  server.on('upgrade', (req, socket, head) => {
    const ok =
      new URL(req.url ?? '/', 'http://x').pathname === '/ws' &&
      authorizeUpgrade({ url: req.url ?? '/', host: req.headers.host, cookie: req.headers.cookie, origin: req.headers.origin }, gate)
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => gateway!.attach(ws, new URL(req.url ?? '/', 'http://x').searchParams.get('page')))
  })

  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok())
  })
  const address = server.address()
  gate.port = typeof address === 'object' && address ? address.port : 0
  const origin = `http://127.0.0.1:${gate.port}`
  const prune = setInterval(() => void service.pruneExports(), 600_000)
  prune.unref()
  await engineStarted

  return {
    url: `${origin}/?token=${gate.token}`,
    origin,
    port: gate.port,
    token: gate.token,
    service,
    async close() {
      clearInterval(prune)
      gateway?.closeAll()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((ok) => server.close(() => ok()))
      // The tabs cannot be asked to save: their unsaved work stays, offered back on the next start.
      await service.shutdown(true)
    },
  }
}

async function unsupported(): Promise<never> {
  throw new StudioError('web mode has no native dialogs', 'UNSUPPORTED')
}

// ---------------------------------------------------------------- command line

function parseCli(argv: string[]): WebServerOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      model: { type: 'string' },
      'second-model': { type: 'string' },
      data: { type: 'string' },
      threads: { type: 'string' },
      'no-build': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  })
  if (values.help) {
    console.log('usage: npm run web -- [--port N (0 = random)] [--model DIR] [--second-model DIR] [--data DIR] [--threads N] [--no-build]')
    process.exit(0)
  }
  const port = Number(values.port ?? process.env.PORT ?? 0)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port number: ${values.port}`)
  const threads = values.threads === undefined ? undefined : Number(values.threads)
  if (threads !== undefined && !(Number.isInteger(threads) && threads > 0)) throw new Error(`--threads: not a positive integer: ${values.threads}`)
  return {
    port,
    ...(values.model ? { modelDir: resolve(values.model) } : {}),
    ...(values['second-model'] ? { secondModelDir: resolve(values['second-model']) } : {}),
    ...(values.data ? { dataDir: resolve(values.data) } : {}),
    ...(threads ? { threads } : {}),
    build: !values['no-build'],
  }
}

async function main(): Promise<void> {
  let opts: WebServerOptions
  try {
    opts = parseCli(process.argv.slice(2))
  } catch (e) {
    console.error(`voicefill web: ${(e as Error).message}`)
    process.exit(2)
  }
  const web = await startWebServer(opts)
  const status = web.service.handlers['engine:status']
  const model = (await status(undefined)).model
  console.log(model?.info ? `model: ${model.info.name} (${model.dir})` : `model: not loaded — ${model?.error ?? 'unknown error'}`)
  const second = (await status(undefined)).secondModel
  if (second) console.log(second.info ? `second model (ladders): ${second.info.name} (${second.dir})` : `second model: not loaded — ${second.error}`)
  console.log(`Voicefill web mode is running at ${web.url}`)
  console.log('Open that URL in a browser on this machine (it carries the access token). Ctrl+C stops it.')
  let closing = false
  const stop = () => {
    if (closing) return
    closing = true
    void web.close().finally(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((e) => {
    console.error(`voicefill web: ${(e as Error).message}`)
    process.exit(1)
  })
}

// voicefill://app/… serves the built renderer (out/renderer) and /media/<audioId>?takes=… streams
// audio as WAV with Range support from the engine process.
import { net, protocol } from 'electron'
import { stat } from 'node:fs/promises'
import { join, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { APP_HOST, APP_SCHEME } from '../shared/channels'
import { DESKTOP_CSP_HEADER } from '../shared/csp'
import { toErrorInfo } from '../shared/errors'
import type { StudioService } from '../studio/service'
import { decodeUrlPath } from '../shared/url-path'

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ])
}

function streamOf(body: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await body.next()
      if (next.done) controller.close()
      else controller.enqueue(next.value)
    },
    async cancel() {
      await body.return(undefined)
    },
  })
}

export function setupAppProtocol(rendererDir: string, service: () => StudioService): void {
  const root = resolve(rendererDir)
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 })
    try {
      if (url.pathname.startsWith('/media/')) {
        const audioId = decodeUrlPath(url.pathname.slice('/media/'.length))
        const takes = url.searchParams.get('takes')?.split(',').filter(Boolean) ?? []
        const media = service().media(audioId, takes, request.headers.get('range'))
        return new Response(media.body && request.method !== 'HEAD' ? streamOf(media.body) : null, {
          status: media.status,
          headers: media.headers,
        })
      }
      const rel = url.pathname === '/' ? 'index.html' : decodeUrlPath(url.pathname).replace(/^\/+/, '')
      const file = resolve(join(root, rel))
      if (!file.startsWith(root + sep) || !(await stat(file).catch(() => null))?.isFile()) {
        return new Response('Not found', { status: 404 })
      }
      const res = await net.fetch(pathToFileURL(file).toString())
      const headers = new Headers(res.headers)
      headers.set('Content-Security-Policy', DESKTOP_CSP_HEADER)
      headers.set('X-Content-Type-Options', 'nosniff')
      return new Response(res.body, { status: res.status, headers })
    } catch (e) {
      const info = toErrorInfo(e)
      return new Response(info.message, { status: info.code === 'NOT_FOUND' ? 404 : info.code === 'BAD_REQUEST' ? 400 : 500 })
    }
  })
}

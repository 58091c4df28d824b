// Channel names only (no zod), so the sandboxed preload can bundle them cheaply.
// ipc.ts checks at compile time that its schema map names exactly these.

export const INVOKE_CHANNELS = [
  'app:info',
  'audio:open',
  'audio:close',
  'audio:peaks',
  'audio:read',
  'job:generate',
  'job:ladder',
  'job:say',
  'job:align',
  'job:cancel',
  'take:get',
  'take:drop',
  'export:audio',
  'export:cancel',
  'trajectory:vocode',
  'voiceover:export',
  'project:save',
  'project:open',
  'project:list',
  'project:autosave',
  'recovery:list',
  'recovery:open',
  'recovery:discard',
  'model:get',
  'model:choose',
  'settings:get',
  'settings:update',
  'recent:get',
  'engine:status',
  'window:state',
] as const

export const EVENT_CHANNELS = ['job:event', 'export:progress', 'audio:progress', 'engine:status', 'menu:command'] as const

/** 'audio:open' → 'audioOpen': the name of the preload function for a channel. */
export type CamelChannel<S extends string> = S extends `${infer A}:${infer B}` ? `${A}${Capitalize<B>}` : S

export function camelChannel<S extends string>(channel: S): CamelChannel<S> {
  return channel.replace(/:(.)/, (_, c: string) => c.toUpperCase()) as CamelChannel<S>
}

/** Scheme of the desktop app's own pages and media streams: voicefill://app/... */
export const APP_SCHEME = 'voicefill'
export const APP_HOST = 'app'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

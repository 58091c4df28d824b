// The studio backend without windows: a StudioService on its own engine process and no dialogs (each
// picks nothing unless the caller gives one). The benchmark and the backend tests run the studio this
// way: what the desktop app and web mode run, minus their front ends.
import type { EventMap } from '../shared/studio-types'
import { EngineHost } from './engine-host'
import { forkLauncher } from './fork-launcher'
import { StudioService, type Platform } from './service'
import { createSession } from './sessions'

export type EventSink = <E extends keyof EventMap>(channel: E, payload: EventMap[E]) => void

export interface HeadlessOptions {
  modelDir: string
  dataDir: string
  threads?: number | null
  /** Dialogs and the like to replace (default: every dialog cancelled, no downloads). */
  platform?: Partial<Platform>
  emit?: EventSink
  /** The pages connected now (web mode's tabs; see ServiceOptions.livePages). */
  livePages?: () => ReadonlySet<string>
}

/** Starts the service and its engine process; `service.shutdown()` stops both. */
export async function headlessStudio(o: HeadlessOptions): Promise<{ service: StudioService; host: EngineHost }> {
  const none = async () => null
  const host = new EngineHost({ launcher: forkLauncher(), modelDir: o.modelDir, threads: o.threads ?? null })
  const service = new StudioService({
    host,
    platform: {
      kind: 'electron',
      version: 'headless',
      pickAudioFile: none,
      pickExportPath: none,
      pickProjectToOpen: none,
      pickProjectSavePath: none,
      pickModelDir: none,
      offerDownload: () => null,
      setWindowState: () => undefined,
      ...o.platform,
    },
    dataDir: o.dataDir,
    session: await createSession(o.dataDir),
    projectsDir: null,
    emit: o.emit ?? (() => undefined),
    ...(o.livePages ? { livePages: o.livePages } : {}),
  })
  try {
    await service.init()
    await host.start()
  } catch (e) {
    await service.shutdown().catch(() => undefined)
    throw e
  }
  return { service, host }
}

// Settings and model: read at start-up, changed from the settings panel. The host validates a model
// folder before switching to it, and keeps the old model when the new one fails.

import { api } from '../api'
import type { StudioSettingsPatch } from '../api/types'
import { studio } from '../store'
import { guarded, reportError, success } from './notify'

export async function updateSettings(patch: StudioSettingsPatch): Promise<void> {
  const settings = await guarded('Cannot change settings', () => api.updateSettings(patch))
  if (settings) studio.getState().setSettings(settings)
}

/** dir: a model folder; null: the shipped model; undefined: folder dialog (desktop). */
export async function chooseModel(dir: string | null | undefined): Promise<void> {
  try {
    const model = await api.chooseModel(dir)
    if (!model) return
    studio.getState().setModel(model)
    if (model.error) reportError('Model failed to load', new Error(model.error))
    else success(`Model: ${model.info?.name ?? model.dir}`)
    studio.getState().setSettings(await api.getSettings())
  } catch (e) {
    reportError('Model failed to load', e)
  }
}

/**
 * The second model, on which a ladder runs the rungs of its family (the diffusion twin beside a flow
 * model). dir null: the shipped twin of the other family; undefined: folder dialog (desktop).
 */
export async function chooseSecondModel(dir: string | null | undefined): Promise<void> {
  try {
    const model = await api.chooseModel(dir, true)
    if (!model) return
    if (model.error) reportError('Second model', new Error(model.error))
    else success(`Second model: ${model.info?.name ?? model.dir}`)
    const s = studio.getState()
    s.setSettings(await api.getSettings())
    s.setEngine(await api.getEngineStatus())
  } catch (e) {
    reportError('Second model failed to load', e)
  }
}

/** View preferences kept in the settings' free-form `ui` record, so they survive restarts. */
export async function savePrefs(): Promise<void> {
  const s = studio.getState()
  const ui = { ...(s.settings?.ui ?? {}), snap: s.snap, preRoll: s.preRoll, postRoll: s.postRoll }
  await updateSettings({ ui })
}

/** Applies saved view preferences to the store (start-up). */
export function applyPrefs(ui: Record<string, unknown>): void {
  const s = studio.getState()
  if (typeof ui.snap === 'boolean' && ui.snap !== s.snap) s.toggleSnap()
  if (typeof ui.preRoll === 'number' && typeof ui.postRoll === 'number') s.setRolls(ui.preRoll, ui.postRoll)
}

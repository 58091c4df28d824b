// Sampler settings for a feature panel's job: the saved ones, with a concrete seed (a fresh one
// when "random seed" is on), so the seed can be shown and every rung or step shares it.

import type { SamplerSettings } from '../../api/types'
import { randomSeed } from '../../lib/ids'
import { studio } from '../../store'

export function samplerWithSeed(): Partial<SamplerSettings> & { seed: number } {
  const settings = studio.getState().settings
  const sampler = { ...(settings?.sampler ?? {}) }
  const seed = (settings?.randomSeed ?? true) || sampler.seed === undefined ? randomSeed() : sampler.seed
  return { ...sampler, seed }
}

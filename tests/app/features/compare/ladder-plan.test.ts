import { describe, expect, it } from 'vitest'
import { callsOf, familyOf, parseStepList, planVariants, sharedSeed, variantRows } from '../../../../app/src/features/compare/ladder-plan'
import { takeInfo } from '../../store/helpers'
import type { TakeInfo } from '../../../../app/src/api/types'

/** A ladder rung as the engine returns it. */
function rung(rungIndex: number, reference: number, steps: number, solver: 'euler' | 'midpoint' | 'heun', seed = 7): TakeInfo {
  const t = takeInfo(`t${rungIndex}`, 'r1', 1, 2)
  return {
    ...t,
    settings: { ...t.settings, steps, solver, seed },
    networkCalls: callsOf({ steps, solver }),
    ladder: { rung: rungIndex, reference, melL1: rungIndex === reference ? 0 : 0.1 / (rungIndex + 1), wallMs: 100 * steps, rtf: steps / 10 },
  }
}

describe('parseStepList', () => {
  it('reads commas, spaces or semicolons; sorts and drops duplicates', () => {
    expect(parseStepList('1,2,4,8,16,32')).toEqual({ steps: [1, 2, 4, 8, 16, 32] })
    expect(parseStepList(' 8 ;4, 4  1 ')).toEqual({ steps: [1, 4, 8] })
  })

  it('explains what is wrong with a bad list', () => {
    expect(parseStepList('  ')).toEqual({ error: expect.stringMatching(/at least one step count/) })
    expect(parseStepList('1, two')).toEqual({ error: '"two" is not a step count from 1 to 256' })
    expect(parseStepList('0')).toEqual({ error: expect.stringMatching(/"0"/) })
    expect(parseStepList('2.5')).toEqual({ error: expect.stringMatching(/"2.5"/) })
    expect(parseStepList('257')).toEqual({ error: expect.stringMatching(/"257"/) })
    expect(parseStepList('1e2')).toEqual({ error: expect.stringMatching(/"1e2"/) })
    expect(parseStepList('0x10')).toEqual({ error: expect.stringMatching(/"0x10"/) })
  })
})

describe('planVariants', () => {
  it('orders rungs solver by solver (euler, midpoint, heun), fewest steps first', () => {
    const plan = planVariants([4, 1, 2], ['heun', 'euler'])
    expect(plan).toEqual({
      variants: [
        { steps: 1, solver: 'euler' },
        { steps: 2, solver: 'euler' },
        { steps: 4, solver: 'euler' },
        { steps: 1, solver: 'heun' },
        { steps: 2, solver: 'heun' },
        { steps: 4, solver: 'heun' },
      ],
    })
  })

  it('refuses no solver, no steps and more rungs than a ladder job takes', () => {
    expect(planVariants([1, 2], [])).toEqual({ error: 'choose at least one solver' })
    expect(planVariants([], ['euler'])).toEqual({ error: 'no step counts to compare' })
    expect(planVariants([1, 2, 4, 8, 16, 32, 64], ['euler', 'midpoint', 'heun', 'ancestral', 'ddim'])).toEqual({ error: expect.stringMatching(/^35 variants: at most 32/) })
    expect('variants' in planVariants([1, 2, 4, 8, 16, 32], ['euler', 'midpoint', 'heun', 'ancestral', 'ddim'])).toBe(true)
  })

  it('counts network calls as the engine does', () => {
    expect(callsOf({ steps: 8, solver: 'euler' })).toBe(8)
    expect(callsOf({ steps: 8, solver: 'midpoint' })).toBe(16)
    expect(callsOf({ steps: 8, solver: 'heun' })).toBe(16)
    expect(callsOf({ steps: 8, solver: 'ancestral' })).toBe(8)
    expect(callsOf({ steps: 8, solver: 'ddim' })).toBe(8)
  })

  it('mixes families flow first, and refuses a sampler whose kind of model is not loaded', () => {
    const plan = planVariants([8, 2], ['ddim', 'midpoint', 'ancestral'])
    expect(plan).toEqual({
      variants: [
        { steps: 2, solver: 'midpoint' },
        { steps: 8, solver: 'midpoint' },
        { steps: 2, solver: 'ancestral' },
        { steps: 8, solver: 'ancestral' },
        { steps: 2, solver: 'ddim' },
        { steps: 8, solver: 'ddim' },
      ],
    })
    expect(planVariants([8], ['midpoint', 'ddim'], ['flow'])).toEqual({ error: 'ddim needs a diffusion model: load one in Settings (model or second model)' })
    expect(planVariants([8], ['euler'], ['diffusion'])).toEqual({ error: 'euler needs a flow-matching model: load one in Settings (model or second model)' })
    expect(familyOf('heun')).toBe('flow')
    expect(familyOf('ancestral')).toBe('diffusion')
  })
})

describe('variantRows', () => {
  it('lists rungs in rung order whatever order the takes come in, marking the reference', () => {
    const takes = [rung(2, 3, 4, 'euler'), rung(0, 3, 1, 'euler'), rung(3, 3, 4, 'midpoint'), rung(1, 3, 2, 'euler')]
    const rows = variantRows(takes)
    expect(rows.map((r) => [r.rung, r.steps, r.solver])).toEqual([
      [0, 1, 'euler'],
      [1, 2, 'euler'],
      [2, 4, 'euler'],
      [3, 4, 'midpoint'],
    ])
    expect(rows.map((r) => r.isReference)).toEqual([false, false, false, true])
    expect(rows[3].melL1).toBe(0)
    expect(rows[0]).toMatchObject({ takeId: 't0', networkCalls: 1, wallMs: 100, rtf: 0.1, seed: 7, family: 'flow' })
  })

  it('refuses takes that are not rungs of one ladder', () => {
    expect(() => variantRows([takeInfo('x', 'r1', 1, 2)])).toThrow(/not a ladder rung/)
    expect(() => variantRows([rung(0, 1, 1, 'euler'), rung(1, 0, 2, 'euler')])).toThrow(/exactly one reference/)
    expect(variantRows([])).toEqual([])
  })

  it('reports the seed the rungs share, and null when they differ', () => {
    expect(sharedSeed(variantRows([rung(0, 1, 1, 'euler', 5), rung(1, 1, 2, 'euler', 5)]))).toBe(5)
    expect(sharedSeed(variantRows([rung(0, 1, 1, 'euler', 5), rung(1, 1, 2, 'euler', 6)]))).toBeNull()
    expect(sharedSeed([])).toBeNull()
  })
})

import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { defaultModelDir, defaultVoicePath } from '../../electron/engine/engine'
import { featureSpec, loadModel, releaseModel } from '../../electron/engine/model'
import { checkFeeds, createSession } from '../../electron/engine/onnx'
import { emptyTimings, vocode } from '../../electron/engine/core'
import { melToAudio } from '../../electron/engine/dsp/griffinlim'

const TINY = resolve('tests/fixtures/tiny-model')
const BROKEN = resolve('tests/fixtures/graphs')
const temps: string[] = []

afterAll(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })))
})

/** A copy of the tiny model with the manifest edited and/or the velocity graph swapped. */
async function variant(edit: (m: Record<string, any>) => void = () => {}, graph = join(TINY, 'velocity.onnx')): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'voicefill-model-'))
  temps.push(dir)
  const manifest = JSON.parse(await readFile(join(TINY, 'manifest.json'), 'utf8'))
  edit(manifest)
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest))
  await copyFile(graph, join(dir, 'velocity.onnx'))
  return dir
}

async function loadError(dir: string): Promise<{ code: string; message: string }> {
  try {
    const m = await loadModel(dir, { threads: 1 })
    await releaseModel(m)
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message }
  }
  throw new Error(`expected ${dir} to fail`)
}

describe('loadModel', () => {
  it('loads the tiny model and reads the velocity graph signature', async () => {
    const m = await loadModel(TINY, { threads: 1 })
    expect(m.manifest.features.nMels).toBe(80)
    expect(m.velocity.inputs.map((i) => i.name).sort()).toEqual(['cond', 'phones', 't', 'x'])
    expect(m.velocity.inputs.find((i) => i.name === 'phones')!.type).toBe('int64')
    expect(m.phoneIds.get('<none>')).toBe(0)
    expect(m.phoneIds.get('sil')).toBe(1)
    await releaseModel(m)
  })

  it('names the folder or file and field of every problem, on one line', async () => {
    const cases: [Promise<string>, RegExp][] = [
      [Promise.resolve(join(tmpdir(), 'no-such-voicefill-model')), /no-such-voicefill-model: folder not found$/],
      [mkdtemp(join(tmpdir(), 'voicefill-empty-')).then((d) => (temps.push(d), d)), /manifest\.json: file not found$/],
      [variant((m) => (m.features.nMels = '80')), /manifest\.json: features\.nMels must be number \(got "80"\)/],
      [variant((m) => (m.formatVersion = 2)), /manifest\.json: formatVersion must be 1 \(got 2\)/],
      [variant((m) => (m.phones.set = 'ipa-v9')), /manifest\.json: phones\.set is not a phone set this engine knows/],
      [variant((m) => m.phones.symbols.pop()), /manifest\.json: phones\.symbols lacks "ZH"/],
      [variant((m) => (m.features.mean = m.features.mean.slice(1))), /features\.mean must have nMels = 80 values \(got 79\)/],
      [variant((m) => delete m.sampler), /manifest\.json: sampler is required/],
      [variant((m) => (m.sampler.solver = 'rk4')), /sampler\.solver must be "euler" or "midpoint" or "heun" or "ancestral" or "ddim" \(got "rk4"\)/],
      [variant((m) => (m.graphs.velocity = 'missing.onnx')), /graphs\.velocity names "missing\.onnx", which does not exist/],
      [variant(() => {}, join(BROKEN, 'wrong-input-name.onnx')), /velocity\.onnx: input "phones" is missing \(graph declares x, t, cond, phone_ids\)$/],
      [variant(() => {}, join(BROKEN, 'wrong-mels.onnx')), /velocity\.onnx: input "x" must be float32 \[B,T,80\] \(graph declares float32 \[B,T,40\]\)$/],
      [variant(() => {}, join(TINY, 'manifest.json')), /velocity\.onnx: cannot load graph/],
    ]
    for (const [dir, pattern] of cases) {
      const err = await loadError(await dir)
      expect(err.code).toBe('BAD_MODEL')
      expect(err.message).toMatch(pattern)
      expect(err.message).not.toContain('\n')
    }
  })

  it('refuses manifests that load but could never run, graphs outside the folder, and manifests it cannot read', async () => {
    const folderManifest = await mkdtemp(join(tmpdir(), 'voicefill-dirmanifest-'))
    temps.push(folderManifest)
    await mkdir(join(folderManifest, 'manifest.json'))
    const cases: [Promise<string>, RegExp][] = [
      [variant((m) => (m.features.nFft = 1000)), /features\.nFft must be a power of two/],
      [variant((m) => (m.features.hop = 1)), /features\.hop: .*16 \(got 1\)/],
      [variant((m) => (m.features.sampleRate = 100)), /features\.sampleRate: .*4000 \(got 100\)/],
      [variant((m) => (m.sampler.guidance = 1e6)), /sampler\.guidance: .*20 \(got 1000000\)/],
      [variant((m) => (m.durations.mean = {})), /durations\.mean must give a positive mean for some phones/],
      [variant((m) => (m.graphs.velocity = '../../../etc/passwd')), /graphs\.velocity: must be a file name in the model folder \(no path\)/],
      [variant((m) => (m.graphs.velocity = '/etc/passwd')), /graphs\.velocity: must be a file name in the model folder/],
      [variant((m) => (m.graphs.velocity = '..')), /graphs\.velocity: must be a file name in the model folder/],
      [variant((m) => (m.graphs.velocity = 'sub\\..\\..\\x.onnx')), /graphs\.velocity: must be a file name in the model folder/],
      [Promise.resolve(folderManifest), /manifest\.json: not a plain file \(a folder\)$/],
      [variant((m) => (m.sampler.contextSecond = 2)), /sampler: .*"contextSecond"/],
      [variant((m) => (m.graphs.vocoderr = 'voc.onnx')), /graphs: .*"vocoderr"/],
    ]
    for (const [dir, pattern] of cases) {
      const err = await loadError(await dir)
      expect(err.code).toBe('BAD_MODEL')
      expect(err.message).toMatch(pattern)
    }
    // A byte-order mark (some editors write one) is not a JSON error.
    const bom = await variant()
    await writeFile(join(bom, 'manifest.json'), `\uFEFF${await readFile(join(bom, 'manifest.json'), 'utf8')}`)
    await releaseModel(await loadModel(bom, { threads: 1 }))
  })

  it('reports a manifest that is not JSON', async () => {
    const dir = await variant()
    await writeFile(join(dir, 'manifest.json'), '{"format": "voicefill-model",')
    const err = await loadError(dir)
    expect(err.message).toMatch(/manifest\.json: not valid JSON/)
  })
})

describe('objective and β schedule (ddpm-epsilon)', () => {
  const DIFFUSION = resolve('tests/fixtures/tiny-diffusion')

  /** A copy of the tiny diffusion model (epsilon.onnx) with its manifest edited and/or its graph swapped. */
  async function diffusionVariant(edit: (m: Record<string, any>) => void = () => {}, graph = join(DIFFUSION, 'epsilon.onnx'), as = 'epsilon.onnx'): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'voicefill-ddpm-'))
    temps.push(dir)
    const manifest = JSON.parse(await readFile(join(DIFFUSION, 'manifest.json'), 'utf8'))
    edit(manifest)
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest))
    await copyFile(graph, join(dir, as))
    return dir
  }

  it('loads a cosine schedule and defaults a manifest without objective to flow matching', async () => {
    const m = await loadModel(await diffusionVariant((d) => (d.diffusion = { schedule: 'cosine', steps: 1000 })), { threads: 1 })
    expect(m.objective).toBe('ddpm-epsilon')
    expect(Math.max(...m.schedule!.betas)).toBeCloseTo(0.999, 9)
    await releaseModel(m)
    const f = await loadModel(TINY, { threads: 1 })
    expect(f.manifest.objective).toBeUndefined()
    expect([f.objective, f.output, f.schedule]).toEqual(['flow-matching', 'v', null])
    await releaseModel(f)
  })

  it('validates the objective, its graph, its schedule and its samplers, one line each', async () => {
    const cases: [Promise<string>, RegExp][] = [
      [diffusionVariant((m) => (m.objective = 'score-sde')), /manifest\.json: objective must be "flow-matching" or "ddpm-epsilon" \(got "score-sde"\)/],
      [diffusionVariant((m) => delete m.diffusion), /manifest\.json: diffusion is required for objective "ddpm-epsilon" \(the β schedule it was trained with\)$/],
      [diffusionVariant((m) => (m.diffusion.schedule = 'quadratic')), /manifest\.json: diffusion\.schedule must be "linear" or "cosine" \(got "quadratic"\)/],
      [diffusionVariant((m) => (m.diffusion.betaEnd = 1.5)), /manifest\.json: diffusion\.betaEnd: expected number to be <1 \(got 1\.5\)/],
      [diffusionVariant((m) => (m.diffusion.betaStart = 0.03)), /manifest\.json: diffusion\.betaEnd must not be below betaStart$/],
      [diffusionVariant((m) => (m.diffusion.steps = 0)), /manifest\.json: diffusion\.steps: expected number to be >0 \(got 0\)/],
      [diffusionVariant((m) => (m.sampler.solver = 'midpoint')), /manifest\.json: sampler\.solver must be ancestral or ddim for objective "ddpm-epsilon" \(got "midpoint"\)$/],
      [diffusionVariant((m) => (m.sampler.eta = 2)), /manifest\.json: sampler\.eta: expected number to be <=1 \(got 2\)/],
      [diffusionVariant((m) => (m.graphs = { velocity: 'epsilon.onnx' })), /manifest\.json: graphs\.epsilon is required for objective "ddpm-epsilon" \(and 1 more problem\)$/],
      [diffusionVariant((m) => delete m.objective), /manifest\.json: graphs\.velocity is required for objective "flow-matching" \(and 3 more problems\)$/],
      [variant((m) => (m.objective = 'ddpm-epsilon')), /manifest\.json: graphs\.epsilon is required for objective "ddpm-epsilon" \(and 3 more problems\)$/],
      [variant((m) => (m.diffusion = { schedule: 'cosine', steps: 10 })), /manifest\.json: diffusion is only for objective "ddpm-epsilon"$/],
      // A velocity graph where the ε graph should be: its output is v, not eps.
      [diffusionVariant(() => {}, join(TINY, 'velocity.onnx')), /epsilon\.onnx: output "eps" is missing \(graph declares v\)$/],
    ]
    for (const [dir, pattern] of cases) {
      const err = await loadError(await dir)
      expect(err.code).toBe('BAD_MODEL')
      expect(err.message).toMatch(pattern)
      expect(err.message).not.toContain('\n')
    }
  })
})

describe('OnnxSession', () => {
  it('runs the real tiny velocity graph and times the calls', async () => {
    const s = await createSession(join(TINY, 'velocity.onnx'), { threads: 1 })
    const T = 12
    const out = await s.run({
      x: { type: 'float32', data: new Float32Array(2 * T * 80).fill(0.1), dims: [2, T, 80] },
      t: { type: 'float32', data: Float32Array.of(0.3, 0.3), dims: [2] },
      cond: { type: 'float32', data: new Float32Array(2 * T * 80), dims: [2, T, 80] },
      phones: { type: 'int64', data: new BigInt64Array(2 * T).fill(5n), dims: [2, T] },
    })
    expect(out.v.dims).toEqual([2, T, 80])
    expect(out.v.data.every(Number.isFinite)).toBe(true)
    expect(s.runs).toBe(1)
    expect(s.onnxMs).toBeGreaterThan(0)
    await s.release()
  })

  it('checks feeds against the declared inputs and names the tensor', async () => {
    const s = await createSession(join(TINY, 'velocity.onnx'), { threads: 1 })
    const feeds = {
      x: { type: 'float32' as const, data: new Float32Array(4 * 40), dims: [1, 4, 40] },
      t: { type: 'float32' as const, data: Float32Array.of(0), dims: [1] },
      cond: { type: 'float32' as const, data: new Float32Array(4 * 80), dims: [1, 4, 80] },
    }
    await expect(s.run(feeds)).rejects.toThrow(/velocity\.onnx: input "x" expects float32 \[\w+,\w+,80\], got float32 \[1,4,40\]; input "phones" is missing/)
    expect(s.runs).toBe(0)
    expect(() => checkFeeds('g.onnx', s.inputs, { ...feeds, x: { ...feeds.x, dims: [1, 4, 80] }, phones: { type: 'int64', data: new BigInt64Array(3), dims: [1, 4] } })).toThrow(
      /input "x" has 160 values for shape float32 \[1,4,80\]; input "phones" has 3 values/,
    )
    await s.release()
  })
})

describe('magnitude graph (graphs.magnitude)', () => {
  /** The tiny model plus a magnitude graph copied in as magnitude.onnx. */
  async function withMagnitude(graph: string, edit: (m: Record<string, any>) => void = () => {}): Promise<string> {
    const dir = await variant((m) => {
      m.graphs.magnitude = 'magnitude.onnx'
      edit(m)
    })
    await copyFile(join(BROKEN, graph), join(dir, 'magnitude.onnx'))
    return dir
  }

  it('loads a magnitude graph and vocodes through it and the built-in phase reconstruction', async () => {
    const dir = await withMagnitude('magnitude-interp.onnx')
    const m = await loadModel(dir, { threads: 1 })
    expect(m.magnitude?.outputs[0].shape).toEqual(['B', 'T', 513])
    const spec = m.manifest.features
    const frames = 40
    // A steady vowel-like frame pattern, normalised like the engine's features.
    const feats = new Float32Array(frames * spec.nMels)
    for (let t = 0; t < frames; t++) for (let j = 0; j < spec.nMels; j++) feats[t * spec.nMels + j] = Math.cos(j / 6) - 0.5
    const timings = emptyTimings()
    const viaGraph = await vocode({ model: m, spec }, feats, timings)
    const builtIn = melToAudio(feats, spec)
    expect(viaGraph.length).toBe(frames * spec.hop)
    expect(viaGraph.every(Number.isFinite)).toBe(true)
    expect(m.magnitude!.runs).toBe(1)
    expect(timings.onnxMs).toBeGreaterThan(0)
    let diff = 0
    for (let i = 0; i < builtIn.length; i++) diff = Math.max(diff, Math.abs(viaGraph[i] - builtIn[i]))
    expect(diff).toBeGreaterThan(1e-3) // the graph's magnitude, not the mel inversion's
    await releaseModel(m)
  })

  it('rejects a magnitude graph with the wrong number of bins, and a vocoder graph alongside one', async () => {
    expect(await loadError(await withMagnitude('magnitude-wrong-bins.onnx'))).toMatchObject({
      code: 'BAD_MODEL',
      message: expect.stringMatching(/magnitude\.onnx: output "magnitude" .*513/),
    })
    expect(await loadError(await withMagnitude('magnitude-interp.onnx', (m) => (m.graphs.vocoder = 'voc.onnx')))).toMatchObject({
      code: 'BAD_MODEL',
      message: expect.stringMatching(/graphs\.magnitude and graphs\.vocoder are alternatives/),
    })
  })
})

describe('resource folders', () => {
  it('finds the shipped resources next to the code, or where VOICEFILL_RESOURCES points', async () => {
    expect(defaultModelDir()).toBe(resolve('resources/models/default'))
    expect(existsSync(defaultVoicePath())).toBe(true)
    const dir = await mkdtemp(join(tmpdir(), 'voicefill-resources-'))
    temps.push(dir)
    await mkdir(join(dir, 'models'))
    process.env.VOICEFILL_RESOURCES = dir
    try {
      expect(defaultModelDir()).toBe(join(dir, 'models', 'default'))
    } finally {
      delete process.env.VOICEFILL_RESOURCES
    }
  })
})

describe('band-limited aligner graph (graphs.alignerBandLimited)', () => {
  const SHIPPED = defaultModelDir()
  /** The tiny model plus the shipped aligner graphs. */
  async function withAligners(edit: (m: Record<string, any>) => void, bandGraph = join(SHIPPED, 'aligner-band.onnx')): Promise<string> {
    const dir = await variant((m) => {
      m.graphs.aligner = 'aligner.onnx'
      m.graphs.alignerBandLimited = 'aligner-band.onnx'
      edit(m)
    })
    await copyFile(join(SHIPPED, 'aligner.onnx'), join(dir, 'aligner.onnx'))
    await copyFile(bandGraph, join(dir, 'aligner-band.onnx'))
    return dir
  }

  it('loads beside graphs.aligner with the same signature checked', async () => {
    const m = await loadModel(await withAligners(() => {}), { threads: 1 })
    expect(m.alignerBandLimited?.inputs[0]).toMatchObject({ name: 'mel', shape: ['batch', 'frames', 80] })
    expect(m.alignerBandLimited?.path).toMatch(/aligner-band\.onnx$/)
    expect(m.alignerBandLimited).not.toBe(m.aligner)
    await releaseModel(m)
  })

  it('is refused without graphs.aligner, or when it is not an aligner graph, with the field named', async () => {
    expect(await loadError(await withAligners((m) => delete m.graphs.aligner))).toMatchObject({
      code: 'BAD_MODEL',
      message: expect.stringMatching(/graphs\.alignerBandLimited.*needs graphs\.aligner/),
    })
    expect(await loadError(await withAligners(() => {}, join(BROKEN, 'magnitude-interp.onnx')))).toMatchObject({
      code: 'BAD_MODEL',
      message: expect.stringMatching(/aligner-band\.onnx: output "logp"/),
    })
  })
})

describe('learned band extension (features.bandExtensionFile)', () => {
  const SHIPPED = defaultModelDir()
  async function withExtension(contents: string | null, file = 'band-extension.json'): Promise<string> {
    const dir = await variant((m) => (m.features.bandExtensionFile = file))
    if (contents !== null) await writeFile(join(dir, 'band-extension.json'), contents)
    return dir
  }

  it('loads the shipped table into the features the engine computes', async () => {
    const m = await loadModel(await withExtension(await readFile(join(SHIPPED, 'band-extension.json'), 'utf8')), { threads: 1 })
    expect(featureSpec(m).bandExtension?.rates.map((r) => r.rate)).toEqual([8000, 11025])
    await releaseModel(m)
    const plain = await loadModel(await variant(), { threads: 1 })
    expect(featureSpec(plain).bandExtension).toBeUndefined()
    await releaseModel(plain)
  })

  it('is refused when the file is missing, malformed or outside the folder, naming it', async () => {
    expect(await loadError(await withExtension(null))).toMatchObject({ code: 'BAD_MODEL', message: expect.stringMatching(/band-extension\.json: features\.bandExtensionFile names a file that is not there/) })
    expect(await loadError(await withExtension('{"rates": []}'))).toMatchObject({ code: 'BAD_MODEL', message: expect.stringMatching(/band-extension\.json: needs "rates"/) })
    expect(await loadError(await withExtension('{nope'))).toMatchObject({ code: 'BAD_MODEL', message: expect.stringMatching(/band-extension\.json: .*JSON/) })
    expect(await loadError(await withExtension(null, '../x.json'))).toMatchObject({ code: 'BAD_MODEL', message: expect.stringMatching(/features\.bandExtensionFile: must be a \.json file name in the model folder/) })
  })
})

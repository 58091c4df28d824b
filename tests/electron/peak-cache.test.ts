// The streamed peak pyramid: built chunk by chunk it equals buildPyramid's; the cache file answers
// only for the very file it was built from; peaks from the pyramid bound the exact ones.
import { mkdtemp, readFile, rm, utimes, writeFile, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeWav } from '../../electron/engine/audio/encode'
import { openAudioSource } from '../../electron/engine/audio/source'
import { buildPeaks, fileFingerprint, PeakBuilder, readPeakCache, writePeakCache } from '../../electron/engine/worker/peak-cache'
import { buildPyramid } from '../../electron/engine/worker/peaks'
import { peaksEdited, type SourceDoc } from '../../electron/engine/worker/timeline'

let tmp: string
const N = 400_123
const signal = (c: number) => Float32Array.from({ length: N }, (_, i) => Math.round(30000 * Math.sin(i * (0.0021 + c * 0.001)) * Math.cos(i * 0.00007)) / 32768)

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'vf-peaks-'))
})
afterAll(() => rm(tmp, { recursive: true, force: true }))

describe('PeakBuilder', () => {
  it('fed in chunks of any size gives exactly buildPyramid', () => {
    const x = [signal(0), signal(1)]
    const b = new PeakBuilder(2)
    let seed = 5
    for (let a = 0; a < N; ) {
      seed = (seed * 1103515245 + 12345) >>> 0
      const n = 1 + (seed % 3000)
      b.push(x.map((c) => c.subarray(a, Math.min(N, a + n))))
      a += n
    }
    const got = b.finish()
    x.forEach((c, i) => expect(got[i]).toEqual(buildPyramid(c)))
  })
})

describe('peak cache file', () => {
  it('is valid for the same file only: a new modification time or changed bytes make it stale', async () => {
    const path = join(tmp, 'a.wav')
    const audio = { sampleRate: 48000, channels: [signal(0)] }
    await writeFile(path, encodeWav(audio, 'pcm16'))
    const source = await openAudioSource(path)
    const levels = await buildPeaks(source)
    await source.close()
    const cache = join(tmp, 'cache', 'a.vfpeaks')
    const meta = { sampleRate: 48000, channels: 1, frames: N }
    await writePeakCache(cache, await fileFingerprint(path), meta, levels)

    const hit = await readPeakCache(cache, await fileFingerprint(path), meta)
    expect(hit?.levels[0]).toEqual(levels[0])
    expect(hit?.levels[0][0].min).toEqual(buildPyramid(audio.channels[0])[0].min)

    // Touched: same bytes, another modification time.
    const st = await stat(path)
    await utimes(path, st.atime, new Date(st.mtimeMs + 5000))
    expect(await readPeakCache(cache, await fileFingerprint(path), meta)).toBeNull()

    // Rewritten with other samples at the old size and time: the sampled bytes tell.
    const changed = encodeWav({ sampleRate: 48000, channels: [audio.channels[0].map((v) => -v)] }, 'pcm16')
    await writeFile(path, changed)
    await utimes(path, st.atime, st.mtime)
    expect((await stat(path)).size).toBe(st.size)
    expect(await readPeakCache(cache, await fileFingerprint(path), meta)).toBeNull()

    // A damaged cache file is a miss, not an error.
    await writeFile(cache, (await readFile(cache)).subarray(0, 100))
    expect(await readPeakCache(cache, await fileFingerprint(path), meta)).toBeNull()
  })
})

describe('peaksEdited on a source on disk', () => {
  it('coarse buckets from the pyramid contain the exact envelope within one block; fine buckets are exact', async () => {
    const path = join(tmp, 'b.wav')
    const x = signal(2)
    await writeFile(path, encodeWav({ sampleRate: 48000, channels: [x] }, 'pcm16'))
    const source = await openAudioSource(path)
    const exact = (await source.read(0, N))[0]
    const doc: SourceDoc = { source, frames: N, pyramids: await buildPeaks(source) }
    const scan = (a: number, b: number) => {
      let lo = Infinity
      let hi = -Infinity
      for (let i = Math.max(0, a); i < Math.min(N, b); i++) {
        lo = Math.min(lo, exact[i])
        hi = Math.max(hi, exact[i])
      }
      return [lo, hi]
    }
    const coarse = await peaksEdited(doc, [], 1000, N, 700)
    expect(coarse.samplesPerPeak).toBeGreaterThanOrEqual(256)
    for (let b = 0; b < coarse.channels[0].min.length; b++) {
      const a = 1000 + b * coarse.samplesPerPeak
      const [lo, hi] = scan(a, a + coarse.samplesPerPeak)
      const [wlo, whi] = scan(Math.floor(a / 256) * 256, Math.ceil((a + coarse.samplesPerPeak) / 256) * 256)
      expect(coarse.channels[0].min[b]).toBeLessThanOrEqual(lo)
      expect(coarse.channels[0].max[b]).toBeGreaterThanOrEqual(hi)
      expect(coarse.channels[0].min[b]).toBeGreaterThanOrEqual(wlo)
      expect(coarse.channels[0].max[b]).toBeLessThanOrEqual(whi)
    }
    const fine = await peaksEdited(doc, [], 5000, 9000, 100)
    expect(fine.samplesPerPeak).toBe(40)
    for (let b = 0; b < 100; b++) expect([fine.channels[0].min[b], fine.channels[0].max[b]]).toEqual(scan(5000 + 40 * b, 5040 + 40 * b))
    await source.close()
  })
})

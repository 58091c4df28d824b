// Seeded noise for the sampler's x0. The stream depends only on (seed, stream id): the first n
// values are the same whatever n is, so the same seed gives the same x0 at any step count and a
// longer window only appends noise.

/** splitmix32: spreads a 32-bit seed over the generator state. */
function splitmix32(state: number): () => number {
  let s = state >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
}

/** xoshiro128** uniform generator in [0, 1) with 32 bits of resolution. */
function uniformGenerator(seed: number, stream = 0): () => number {
  const mix = splitmix32((seed >>> 0) ^ Math.imul(stream + 1, 0x632be5ab))
  let a = mix()
  let b = mix()
  let c = mix()
  let d = mix()
  if ((a | b | c | d) === 0) a = 1 // the all-zero state is a fixed point
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0
    const t = b << 9
    c ^= a
    d ^= b
    b ^= c
    a ^= d
    c ^= t
    d = rotl(d, 11)
    return result / 4294967296
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}

/** n standard-normal values (Box–Muller, two per pair of uniforms) from (seed, stream). */
export function gaussianNoise(seed: number, n: number, stream = 0): Float32Array {
  const next = uniformGenerator(seed, stream)
  const out = new Float32Array(n)
  for (let i = 0; i < n; i += 2) {
    const u1 = 1 - next() // (0, 1]: log stays finite
    const u2 = next()
    const r = Math.sqrt(-2 * Math.log(u1))
    out[i] = r * Math.cos(2 * Math.PI * u2)
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * u2)
  }
  return out
}

/** A fresh uint32 seed for runs that did not ask for one (recorded in the result to reproduce it). */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]
}

// Ids the renderer mints (regions): the API accepts letters, digits, _ and -.

let counter = 0

/** A new id like "r-lq3x9a-7": unique within the session and across saved projects. */
export function newId(prefix: string): string {
  counter = (counter + 1) % 1_000_000
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}-${counter.toString(36)}`
}

/** A uniformly random uint32 seed, for "random seed" generations. */
export function randomSeed(): number {
  const a = new Uint32Array(1)
  crypto.getRandomValues(a)
  return a[0]
}

// Blind listening: the rows are shown under letters in a shuffled order, the person ranks them by
// clicking (first click = rank 1 = the pick), then the labels are revealed next to the ranks.

export interface BlindState {
  /** order[slot] = index of the row shown in that slot. */
  order: number[]
  /** ranks[slot] = 1…n, or 0 while unranked. */
  ranks: number[]
  revealed: boolean
}

/** A uniformly random permutation of 0…n−1 (Fisher–Yates); `random` returns [0, 1). */
export function shuffle(n: number, random: () => number = Math.random): number[] {
  const out = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

export function startBlind(n: number, random: () => number = Math.random): BlindState {
  return { order: shuffle(n, random), ranks: new Array<number>(n).fill(0), revealed: false }
}

/** Slot 0 → "A", 1 → "B" … 25 → "Z", 26 → "AA". */
export function slotLabel(slot: number): string {
  let s = ''
  for (let n = slot + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

/**
 * Clicking a slot gives it the next free rank; clicking a ranked slot takes its rank back and moves
 * the ranks after it up by one, so ranks always run 1…k without gaps. Frozen once revealed.
 */
export function rankSlot(state: BlindState, slot: number): BlindState {
  if (state.revealed || slot < 0 || slot >= state.ranks.length) return state
  const current = state.ranks[slot]
  const ranks = current
    ? state.ranks.map((r, i) => (i === slot ? 0 : r > current ? r - 1 : r))
    : state.ranks.map((r, i) => (i === slot ? Math.max(0, ...state.ranks) + 1 : r))
  return { ...state, ranks }
}

export function reveal(state: BlindState): BlindState {
  return { ...state, revealed: true }
}

/** Row indices in the order they are listed (and numbered for keys 1…9). */
export function displayOrder(rowCount: number, blind: BlindState | null): number[] {
  return blind && blind.order.length === rowCount ? blind.order : Array.from({ length: rowCount }, (_, i) => i)
}

export interface RevealedSlot {
  slot: number
  label: string
  row: number
  rank: number
}

/** Slots with their hidden row, ranked ones first (by rank), then the unranked ones by letter. */
export function revealTable(state: BlindState): RevealedSlot[] {
  const all = state.order.map((row, slot) => ({ slot, label: slotLabel(slot), row, rank: state.ranks[slot] }))
  return all.sort((a, b) => (a.rank || Infinity) - (b.rank || Infinity) || a.slot - b.slot)
}

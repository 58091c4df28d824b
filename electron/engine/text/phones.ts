// The phone inventory, mirrored from training/voicefill/phones.py (a test parses that file and
// compares, so the two cannot drift). Id 0 "<none>" is never produced by the text front-end.

export const PHONE_SET = 'arpabet-nostress-v1'

export const ARPABET = [
  'AA', 'AE', 'AH', 'AO', 'AW', 'AY', 'B', 'CH', 'D', 'DH', 'EH', 'ER', 'EY', 'F', 'G', 'HH',
  'IH', 'IY', 'JH', 'K', 'L', 'M', 'N', 'NG', 'OW', 'OY', 'P', 'R', 'S', 'SH', 'T', 'TH',
  'UH', 'UW', 'V', 'W', 'Y', 'Z', 'ZH',
] as const

export const SYMBOLS: readonly string[] = ['<none>', 'sil', ...ARPABET]

/** The pause symbol written where punctuation calls for one. */
export const PAUSE = 'sil'

const PRODUCIBLE = new Set<string>([PAUSE, ...ARPABET])

/** True for symbols the front-end may emit (every inventory symbol except "<none>"). */
export function isPhone(symbol: string): boolean {
  return PRODUCIBLE.has(symbol)
}

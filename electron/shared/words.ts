// Words as the studio and the CLI quote them back to the user.

/**
 * A word as a take's check quotes it: without the punctuation the typed text put around it
 * ("says ‘veins,’" read as if the comma were said); inner apostrophes and hyphens stay ("don't").
 */
export function quotedWord(text: string): string {
  return text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '') || text
}

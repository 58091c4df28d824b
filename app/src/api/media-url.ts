// Query string of a media URL: the applied takes, in a stable order so equal edits share a URL.
export function mediaQuery(takeIds?: readonly string[]): string {
  if (!takeIds || takeIds.length === 0) return ''
  return `?takes=${[...takeIds].sort().map(encodeURIComponent).join(',')}`
}

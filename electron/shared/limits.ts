// Limits the renderer shows before the host enforces them (schemas.ts), without pulling zod into the page.

/** Characters of text one region may ask for (about two minutes of speech; a region generates at most 30 s). */
export const REGION_TEXT_MAX = 2000

// Calls `tick` with the feature player's playhead (seconds into the clip, or null) on every
// animation frame while mounted: for readouts and playhead lines, without re-rendering React.

import { useEffect } from 'react'
import { clipPosition, currentClip } from './clip-player'

export function useClipClock(tick: (seconds: number | null, key: string | null) => void): void {
  useEffect(() => {
    let raf = 0
    const frame = () => {
      tick(clipPosition(), currentClip()?.key ?? null)
      raf = requestAnimationFrame(frame)
    }
    raf = requestAnimationFrame(frame)
    return () => cancelAnimationFrame(raf)
  }, [tick])
}

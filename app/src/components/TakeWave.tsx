// A take's waveform in miniature, drawn from its PCM (kept outside the store in take-audio.ts).

import { useEffect, useRef, useSyncExternalStore } from 'react'
import { minMax } from '../lib/sparkline'
import { takeAudio } from '../store/take-audio'

const WIDTH = 300
const HEIGHT = 22

export function TakeWave({ takeId, applied }: { takeId: string; applied: boolean }) {
  const ref = useRef<HTMLCanvasElement>(null)
  // Redrawn when the take's audio arrives (a reopened project's takes are listed before it is set).
  const audioVersion = useSyncExternalStore(takeAudio.subscribe, takeAudio.version)
  useEffect(() => {
    const canvas = ref.current
    const pcm = takeAudio.get(takeId)?.[0]
    const ctx = canvas?.getContext('2d')
    if (!canvas || !ctx || !pcm) return
    const { min, max } = minMax(pcm, WIDTH)
    ctx.clearRect(0, 0, WIDTH, HEIGHT)
    ctx.fillStyle = applied ? '#3cc88c' : '#6f8fbf'
    const mid = HEIGHT / 2
    // Scaled to the take's own peak: at full scale a −20 dBFS recording's takes were flat lines.
    let peak = 0
    for (let x = 0; x < min.length; x++) peak = Math.max(peak, max[x], -min[x])
    const scale = peak > 1e-4 ? 1 / peak : 1
    for (let x = 0; x < min.length; x++) {
      const top = mid - Math.min(1, max[x] * scale) * mid
      const bottom = mid - Math.max(-1, min[x] * scale) * mid
      ctx.fillRect(x, top, 1, Math.max(1, bottom - top))
    }
  }, [takeId, applied, audioVersion])
  if (!takeAudio.get(takeId)) return null
  return <canvas ref={ref} className="take-wave" width={WIDTH} height={HEIGHT} data-testid="take-wave" />
}

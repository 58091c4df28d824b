// Draws an Rgba image into a canvas at its own resolution (CSS scales it to the box).

import { useEffect, useRef } from 'react'
import type { Rgba } from './images'

export function RgbaCanvas({ image, className, testId }: { image: Rgba | null; className?: string; testId?: string }) {
  const ref = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const canvas = ref.current
    const ctx = canvas?.getContext('2d')
    if (!canvas || !ctx || !image) return
    canvas.width = image.width
    canvas.height = image.height
    ctx.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0)
  }, [image])
  return <canvas ref={ref} className={className} data-testid={testId} />
}

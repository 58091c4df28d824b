// Start a job and await its result, with progress callbacks. Subscribes before starting so that no
// early event is missed (events may arrive before the ticket does).
import { StudioError } from './errors'
import type { JobEvent, JobProgress, JobResult, JobTicket, StudioApi } from './types'

export async function runJob(
  api: StudioApi,
  start: () => Promise<JobTicket>,
  onProgress?: (p: JobProgress, ticket: JobTicket) => void,
  onTicket?: (ticket: JobTicket) => void,
): Promise<JobResult> {
  const early: JobEvent[] = []
  let handle: ((e: JobEvent) => void) | null = null
  const unsubscribe = api.onJobEvent((e) => (handle ? handle(e) : early.push(e)))
  try {
    const ticket = await start()
    onTicket?.(ticket)
    return await new Promise<JobResult>((resolve, reject) => {
      handle = (e) => {
        if (e.jobId !== ticket.jobId) return
        if (e.type === 'progress') onProgress?.(e.progress, ticket)
        else if (e.type === 'done') resolve(e.result)
        else reject(StudioError.from(e.error))
      }
      early.forEach(handle)
    })
  } finally {
    unsubscribe()
  }
}

// Runs one engine job for a feature panel: progress and the ticket go into the panel's job state,
// and a Cancel pressed before the ticket arrived is sent as soon as it does.

import { reportError } from '../../actions/notify'
import { api, runJob } from '../../api'
import type { JobResult, JobTicket } from '../../api/types'
import type { FeatureJob } from './feature-job'

/** Where a panel keeps its job (a slice field). */
export interface JobSlot<J extends FeatureJob> {
  get(): J | null
  set(job: J | null): void
}

export function runFeatureJob<J extends FeatureJob>(slot: JobSlot<J>, start: () => Promise<JobTicket>): Promise<JobResult> {
  return runJob(
    api,
    start,
    (progress) => {
      const job = slot.get()
      if (job) slot.set({ ...job, progress })
    },
    (ticket) => {
      const job = slot.get()
      if (!job) return
      slot.set({ ...job, jobId: ticket.jobId })
      if (job.cancelling) void api.cancelJob(ticket.jobId).catch(() => undefined)
    },
  )
}

/** Asks the engine to stop the slot's job between network calls (it then fails with CANCELLED). */
export async function cancelFeatureJob<J extends FeatureJob>(slot: JobSlot<J>): Promise<void> {
  const job = slot.get()
  if (!job || job.cancelling) return
  slot.set({ ...job, cancelling: true })
  if (!job.jobId) return // runFeatureJob sends it when the ticket arrives
  try {
    await api.cancelJob(job.jobId)
  } catch (e) {
    reportError('Cancel failed', e)
  }
}

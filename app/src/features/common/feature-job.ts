// A feature panel's running engine job: its ticket, latest progress and whether Cancel was pressed.
import type { JobProgress } from '../../../../electron/shared/studio-types'

export interface FeatureJob {
  jobId: string | null // null until the ticket arrives
  progress: JobProgress | null
  cancelling: boolean
}

export const newFeatureJob = (): FeatureJob => ({ jobId: null, progress: null, cancelling: false })

/** Progress as a fraction of the job's network calls (0 before the first one). */
export function jobFraction(job: FeatureJob | null): number {
  const p = job?.progress
  return p && p.jobTotalCalls > 0 ? Math.min(1, p.jobCall / p.jobTotalCalls) : 0
}

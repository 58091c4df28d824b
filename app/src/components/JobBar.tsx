// Progress of the running generation: network calls done of total, an estimate, and Cancel.

import { cancelGeneration } from '../actions/generate'
import { formatEta } from '../lib/format'
import { useStudio } from '../store'
import type { Store } from '../store/types'

const selectJob = (s: Store) => s.job

export function JobBar() {
  const job = useStudio(selectJob)
  if (!job) return null
  const p = job.progress
  const fraction = p && p.jobTotalCalls > 0 ? p.jobCall / p.jobTotalCalls : 0
  const regions = job.regionIds.length
  const what = `Generating ${regions === 1 ? '1 region' : `${regions} regions`}`
  const detail = p
    ? `region ${p.regionIndex + 1}/${p.regionCount}${p.tryCount ? ` · seed ${(p.tryIndex ?? 0) + 1} of up to ${p.tryCount}` : ''} · network call ${p.jobCall}/${p.jobTotalCalls}${p.etaMs !== null ? ` · ${formatEta(p.etaMs)} left` : ''}`
    : 'starting…'
  return (
    <div className="job-bar" data-testid="job-progress" role="status" aria-live="polite">
      <span className="job-label">{job.cancelling ? 'Cancelling…' : what}</span>
      <div className="progress" data-testid="job-progress-bar" aria-valuenow={Math.round(fraction * 100)} aria-valuemin={0} aria-valuemax={100} role="progressbar">
        <div className="progress-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <span className="job-detail" data-testid="job-progress-text">
        {detail}
      </span>
      <button className="small" data-testid="job-cancel" disabled={job.cancelling} onClick={() => void cancelGeneration()}>
        Cancel
      </button>
    </div>
  )
}

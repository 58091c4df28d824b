// The dock under the editor: tabs for the step-ladder comparison, the trajectory view and the
// voiceover pane. Folded to its tab strip until a tab is chosen.

import { useStudio, studio } from '../store'
import type { Store } from '../store/types'
import type { DockTab } from './common/dock-state'
import { ComparePanel } from './compare/ComparePanel'
import { useCompareKeys } from './compare/useCompareKeys'
import { TrajectoryPanel } from './trajectory/TrajectoryPanel'
import { VoiceoverPanel } from './voiceover/VoiceoverPanel'
import './features.css'

const TABS: { id: DockTab; label: string; title: string }[] = [
  { id: 'compare', label: 'Compare steps', title: 'Generate a region at several step counts from one seed and listen' },
  { id: 'trajectory', label: 'Trajectory', title: 'Watch a generation go from noise to speech, step by step' },
  { id: 'voiceover', label: 'Voiceover', title: 'Make a voiceover from a script' },
]

const selectTab = (s: Store) => s.dockTab

export function FeatureDock() {
  const tab = useStudio(selectTab)
  useCompareKeys(tab === 'compare')
  const choose = (id: DockTab) => studio.getState().setDockTab(tab === id ? null : id)
  return (
    <section className={`feature-dock${tab ? ` open ${tab}` : ''}`} data-testid="feature-dock">
      <nav className="dock-tabs" role="tablist">
        {TABS.map((t) => (
          <button
            key={t.id}
            role="tab"
            aria-selected={tab === t.id}
            className={tab === t.id ? 'dock-tab on' : 'dock-tab'}
            data-testid={`dock-tab-${t.id}`}
            title={t.title}
            onClick={() => choose(t.id)}
          >
            {t.label}
          </button>
        ))}
        <span className="spacer" />
        {tab && (
          <button className="icon" data-testid="dock-fold" title="Fold the panel" onClick={() => studio.getState().setDockTab(null)}>
            ▾
          </button>
        )}
      </nav>
      {tab && (
        <div className="dock-body" role="tabpanel">
          {tab === 'compare' && <ComparePanel />}
          {tab === 'trajectory' && <TrajectoryPanel />}
          {tab === 'voiceover' && <VoiceoverPanel />}
        </div>
      )}
    </section>
  )
}

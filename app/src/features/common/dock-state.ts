// Which feature panel the dock under the editor shows (null: folded to its tab strip).

export type DockTab = 'compare' | 'trajectory' | 'voiceover'

export interface DockSlice {
  dockTab: DockTab | null
  setDockTab(tab: DockTab | null): void
}

// The shortcuts table lives in electron/shared/shortcuts.ts: the desktop menu takes its accelerators
// from it too. Re-exported here for the renderer.
export * from '../../../electron/shared/shortcuts'

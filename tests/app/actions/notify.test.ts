import { beforeEach, describe, expect, it } from 'vitest'
import { connectionLost, CONNECTION_LOST_TOAST, reportError } from '../../../app/src/actions/notify'
import { StudioError } from '../../../app/src/api/errors'
import { studio } from '../../../app/src/store'

describe('a lost connection (web mode)', () => {
  beforeEach(() => studio.setState({ toasts: [], connectionLost: false, engine: null }))

  it('is one toast: what failed because of it (an autosave, a job in flight) is not reported beside it', () => {
    connectionLost()
    reportError('Autosave failed', new StudioError('the connection to the studio server was lost', 'DISCONNECTED'))
    reportError('Generation failed', new StudioError('the connection to the studio server was lost', 'DISCONNECTED'))
    connectionLost() // said once, however often it is heard
    expect(studio.getState().toasts.map((t) => [t.kind, t.message])).toEqual([['error', CONNECTION_LOST_TOAST]])
    expect(CONNECTION_LOST_TOAST).not.toMatch(/engine is not running/)
    // The status bar shows the engine out of reach, from the same event.
    expect(studio.getState().engine?.state).toBe('stopped')
    expect(studio.getState().connectionLost).toBe(true)
  })

  it('still leaves other failures to be said', () => {
    connectionLost()
    reportError('Cannot open a.wav', new StudioError('not an audio file', 'BAD_AUDIO'))
    expect(studio.getState().toasts.map((t) => t.message)).toEqual([CONNECTION_LOST_TOAST, 'Cannot open a.wav: not an audio file'])
  })

  it('before any loss, a DISCONNECTED failure is said (nothing else has said it)', () => {
    reportError('Autosave failed', new StudioError('the connection to the studio server was lost', 'DISCONNECTED'))
    expect(studio.getState().toasts).toHaveLength(1)
  })
})

// The renderer sees failures of the studio API as StudioError (a code and a one-line message).
export { StudioError, unwrap } from '../../../electron/shared/errors'

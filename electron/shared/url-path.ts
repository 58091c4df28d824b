// The path of a request URL, decoded: a malformed escape (`%E0%A4%A`) is the client's error (400),
// not the server's (500). Shared by the web server and the desktop app's protocol handler.
import { StudioError } from './errors'

export function decodeUrlPath(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    throw new StudioError('Bad request: malformed percent-escape in the URL', 'BAD_REQUEST')
  }
}

// The Content-Security-Policy of the renderer: sent as a header by the desktop app's protocol
// handler and by the web server, and repeated in app/index.html's meta tag (a test keeps them equal).
// No inline or remote scripts; styles may be inline (wavesurfer styles its shadow DOM with <style>);
// media/connect allow our own origin, the desktop media scheme and the web mode's local WebSocket.
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: voicefill:",
  "connect-src 'self' blob: voicefill: ws://127.0.0.1:*",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

/** Header-only directives (ignored in a meta tag). */
export const CSP_HEADER = `${CSP}; frame-ancestors 'none'`

/**
 * The desktop app's header: no WebSocket (only web mode talks over one). Both the page's meta tag and
 * the header apply, and a request must pass both, so this narrows the meta tag's policy.
 */
export const DESKTOP_CSP_HEADER = CSP_HEADER.replace(' ws://127.0.0.1:*', '')

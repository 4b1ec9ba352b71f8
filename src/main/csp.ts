/**
 * The renderer's Content-Security-Policy. Injected as a <meta> into index.html at build time (electron.vite.config.ts),
 * so it holds both in Electron (daejang://app, where app-protocol.ts also sends it as a header) and when the headless
 * node serves the page over http://127.0.0.1. The node API is on 127.0.0.1 on a port chosen at start, hence the port
 * wildcard.
 */
export interface CspOptions {
  /** Vite dev server: allow its injected styles and HMR socket. */
  dev?: boolean
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const dev = options.dev === true
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    // 'wasm-unsafe-eval' compiles WebAssembly only (the SHA-256 that hashes documents, lib/hash-worker.ts); no eval
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    'style-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': [
      "'self'",
      'http://127.0.0.1:*',
      'ws://127.0.0.1:*',
      ...(dev ? ['http://localhost:*', 'ws://localhost:*'] : []),
    ],
    // the hashing worker is inlined as a blob: URL (the same code serves the one-file standalone verifier page)
    'worker-src': ["'self'", 'blob:'],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    // the certificate preview: a PDF from a blob: URL the page made itself (features/notary/CertificatePanel.vue)
    'frame-src': ['blob:'],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
  }
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ')
}

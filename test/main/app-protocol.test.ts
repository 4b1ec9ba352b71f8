import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => ({ protocol: { registerSchemesAsPrivileged: vi.fn() } }))

import { mimeType, resolveAppFile } from '../../src/main/app-protocol'
import { contentSecurityPolicy } from '../../src/main/csp'

const root = join('/app', 'out', 'renderer')

describe('app protocol', () => {
  it('maps daejang://app paths into the renderer folder', () => {
    expect(resolveAppFile('daejang://app/index.html', root)).toBe(join(root, 'index.html'))
    expect(resolveAppFile('daejang://app/', root)).toBe(join(root, 'index.html'))
    expect(resolveAppFile('daejang://app/assets/index-abc.js?x=1#y', root)).toBe(join(root, 'assets', 'index-abc.js'))
  })

  it('refuses other hosts, schemes and paths outside the folder', () => {
    expect(resolveAppFile('daejang://other/index.html', root)).toBeNull()
    expect(resolveAppFile('file:///app/out/renderer/index.html', root)).toBeNull()
    // the URL parser already folds dot segments, so this one stays inside the folder
    expect(resolveAppFile('daejang://app/%2e%2e/%2e%2e/main/index.js', root)).toBe(join(root, 'main', 'index.js'))
    expect(resolveAppFile('daejang://app/..%2f..%2fmain%2findex.js', root)).toBeNull()
    expect(resolveAppFile('daejang://app/a%00b', root)).toBeNull()
    expect(resolveAppFile('daejang://app/%E0%A4%A', root)).toBeNull()
  })

  it('knows the types it serves', () => {
    expect(mimeType('a.js')).toMatch(/javascript/)
    expect(mimeType('a.css')).toMatch(/css/)
    expect(mimeType('a.bin')).toBe('application/octet-stream')
  })
})

describe('CSP', () => {
  it('allows scripts only from the app and connections only to the local node', () => {
    const csp = contentSecurityPolicy()
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';")
    expect(csp).not.toContain('unsafe-inline')
    // WebAssembly compilation is allowed (hashing documents), JavaScript eval is not
    expect(csp).not.toContain("'unsafe-eval'")
    expect(csp).toContain("worker-src 'self' blob:;")
    expect(csp).toMatch(/connect-src 'self' http:\/\/127\.0\.0\.1:\* ws:\/\/127\.0\.0\.1:\*/)
    expect(contentSecurityPolicy({ dev: true })).toContain("style-src 'self' 'unsafe-inline'")
    // frames only from blob: URLs the page makes itself (the certificate preview); no plugins objects
    expect(csp).toContain('frame-src blob:;')
    expect(csp).toContain("object-src 'none'")
  })
})

/**
 * Builds the standalone verifier page (docs/adr/0018) alone: scripts/build-pages.mjs, which `npm run build` runs for
 * every self-contained page, does the work.
 */
import { PAGES, buildPage } from './build-pages.mjs'

const r = await buildPage(PAGES.verifier)
console.log(`standalone verifier: ${r.file} (${Math.round(r.bytes / 1024)} KiB, self-contained)`)

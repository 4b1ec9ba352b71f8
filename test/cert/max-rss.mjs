// Preloaded into a child (node --import) to report its peak resident memory on the last line of stderr when it exits.
import { writeSync } from 'node:fs'

process.on('exit', () => writeSync(2, `max-rss-kib ${process.resourceUsage().maxRSS}\n`))

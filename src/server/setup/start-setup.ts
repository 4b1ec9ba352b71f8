/** `daejang start --setup` on an empty home: the first-run choice served to the browser, then the node it makes. */
import type { Home } from '../../ledger/node/home'
import { openBrowser } from '../cli/context'
import { print } from '../cli/output'
import { exitOnSignals, startFlags } from '../cli/start-options'
import { startSetupServer } from './setup-server'

export async function startSetup(h: Home, o: Record<string, unknown>): Promise<void> {
  const setup = await startSetupServer({ home: h.dir, ...startFlags(o) })
  exitOnSignals(() => setup.stop())
  const uiUrl = setup.uiLink()
  print(o, { url: setup.url, setup: true, pid: process.pid, home: h.dir }, () =>
    [
      `No ledger in ${h.dir} yet: choose how to start in the app (try it alone, create or join a consortium, a workstation, or restore a backup).`,
      `API  ${setup.url}  (token in ${h.apiPath})`,
      o.ui === false ? '' : `UI   ${uiUrl}  (the link works once; \`daejang open\` makes a new one)`,
      'Stop with Ctrl+C.',
    ]
      .filter(Boolean)
      .join('\n'),
  )
  if (o.open) openBrowser(uiUrl)
  setup.running.then(
    (n) => {
      const st = n.node.status()
      if (!o.json) console.log(`Daejang node running — chain ${st.chainId}, height ${st.height}`)
    },
    () => undefined, // said by the setup (its state and the log); the page shows it
  )
}

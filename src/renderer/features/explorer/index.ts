/**
 * Block explorer, its own screen at /explorer (not inside Consortium: clerks and auditors use it to check records,
 * which is not about how the consortium is run). Blocks with paging, a block and its transactions, a transaction with
 * its payload rendered per type and its inclusion proof verified in the page, a signer's transactions, and a search.
 *
 *   /explorer                      blocks, newest first (?before=<height> pages back)
 *   /explorer/blocks/:height       a block and its transactions
 *   /explorer/txs/:hash            a transaction and its proof
 *   /explorer/signers/:publicKey   a key's roles and the transactions it signed
 */
import type { Feature } from '../../nav'
import messages from './messages'
import { consensusPortable } from '../../../ledger/registries/consensus/portable'

export const explorerFeature: Feature = {
  id: 'explorer',
  routes: [
    {
      path: '/explorer',
      component: () => import('./ExplorerLayout.vue'),
      children: [
        { path: '', name: 'explorer', component: () => import('./BlocksPage.vue') },
        {
          path: 'blocks/:height',
          name: 'explorer-block',
          component: () => import('./BlockPage.vue'),
          props: true,
          meta: { titleKey: 'explorer.blocks.title' },
        },
        {
          path: 'txs/:hash',
          name: 'explorer-tx',
          component: () => import('./TxPage.vue'),
          props: true,
          meta: { titleKey: 'explorer.tx.title' },
        },
        {
          path: 'signers/:publicKey',
          name: 'explorer-signer',
          component: () => import('./SignerPage.vue'),
          props: true,
          meta: { titleKey: 'explorer.signer.title' },
        },
      ],
    },
  ],
  nav: [{ id: 'explorer', to: '/explorer', labelKey: 'explorer.nav', order: 70 }],
  messages,
  // the consensus registry has no screen of its own: its evidence reads in the explorer
  registry: consensusPortable,
}

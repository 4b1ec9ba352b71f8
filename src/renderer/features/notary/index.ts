/**
 * Notarised documents (route /documents, for notaries): the agency's register with search, registering one or many
 * files (hashed on the device; a batch under one Merkle root), a record with its status history, its certificate
 * (preview, print, save, Korean or English) and status changes with a reason. Transactions go through the outbox.
 *
 *   /documents            the register (list and search)
 *   /documents/new        register documents
 *   /documents/:number    a record (a batch document's number contains a slash)
 */
import { defineAsyncComponent } from 'vue'
import type { Feature } from '../../nav'
import { withScreenMessages } from '../../i18n/screen-messages'
import messages from './frame/messages'
import { NOTARY_ERRORS } from '../../../ledger/registries/notary/portable/errors'
import { NOTARY_ROLES } from '../../../ledger/registries/notary/portable/roles'
import { words } from '../../../ledger/registries/notary/portable/words'

export const documentsFeature: Feature = {
  id: 'documents',
  routes: [
    {
      path: '/documents',
      // the screen's messages come with the layout, which every route below opens in
      component: withScreenMessages('documents', () => import('./messages'), () => import('./DocumentsLayout.vue')),
      children: [
        { path: '', name: 'documents', component: () => import('./DocumentsList.vue') },
        {
          path: 'new',
          name: 'documents-new',
          component: () => import('./RegisterView.vue'),
          meta: { titleKey: 'documents.register.title' },
        },
        {
          path: ':number(.+)',
          name: 'document',
          component: () => import('./DocumentDetail.vue'),
          props: true,
          meta: { titleKey: 'documents.detail.record' },
        },
      ],
    },
  ],
  nav: [{ id: 'documents', to: '/documents', labelKey: 'documents.nav', order: 30, requires: ['notary'] }],
  messages,
  // the frame reads the registry's words, errors and roles; its verifier (proofs, signatures, CBOR) loads with the
  // Verify screen (the barrel minus the verifier, as test/renderer/verify-features.test.ts checks)
  registry: {
    name: 'notary',
    title: { ko: '공증·아포스티유 등록부', en: 'Notary and apostille register' },
    words,
    errors: NOTARY_ERRORS,
    roles: NOTARY_ROLES,
  },
  loadRegistry: () => import('../../../ledger/registries/notary/portable').then((m) => m.notaryPortable),
  verifyPanel: defineAsyncComponent(() => import('./VerifyResultPanel.vue')),
  forms: {
    /** Documents → Register new: notary.register (one file) or notary.batch.register (several) */
    'notary.register': { types: ['notary.register', 'notary.batch.register'], route: () => ({ name: 'documents-new' }) },
    /** a record's status form, on its page */
    'notary.status': { types: ['notary.status'], route: (p) => ({ name: 'document', params: { number: String(p['number'] ?? '') } }) },
  },
}

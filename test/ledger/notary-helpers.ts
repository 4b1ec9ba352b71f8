/** Transactions of the notary registry for tests. */
import { toHex, utf8 } from '../../src/ledger/codec/bytes'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import { sha256 } from '../../src/ledger/crypto/sha256'
import { type JsonValue, type Tx, makeTx } from '../../src/ledger/types/tx'
import type { BatchInput } from '../../src/ledger/registries/notary/portable/batch'
import { type Fixture, GENESIS_TIME } from './helpers'

export const docHash = (label: string): string => toHex(sha256(utf8('document/' + label)))

export const ACT_FIELDS = {
  act: 'apostille',
  date: '2023-11-01',
  issuingAuthority: 'Ministry of Foreign Affairs, Seoul',
  signerName: '김영희',
  signerCapacity: 'Consular officer',
} as const

export function registerPayload(o: { number: string; hash?: string; agency?: string; holder?: string; date?: string }): Record<string, JsonValue> {
  return {
    agency: o.agency ?? 'agency-a',
    number: o.number,
    ...ACT_FIELDS,
    ...(o.date !== undefined ? { date: o.date } : {}),
    documentHash: o.hash ?? docHash(o.number),
    documentType: 'Diploma',
    ...(o.holder ? { holder: o.holder } : {}),
    language: 'ko',
  }
}

export function registerTx(
  signer: Signer,
  fx: Fixture,
  o: { nonce: number; number: string; hash?: string; agency?: string; holder?: string; date?: string; time?: number },
): Tx {
  return makeTx(signer, {
    chainId: fx.chainId,
    type: 'notary.register',
    payload: registerPayload(o),
    nonce: o.nonce,
    time: o.time ?? GENESIS_TIME,
  })
}

export function batchTx(
  signer: Signer,
  fx: Fixture,
  o: { nonce: number; number: string; count: number; root: string; agency?: string; date?: string; time?: number },
): Tx {
  return makeTx(signer, {
    chainId: fx.chainId,
    type: 'notary.batch.register',
    payload: {
      agency: o.agency ?? 'agency-a',
      number: o.number,
      ...ACT_FIELDS,
      ...(o.date !== undefined ? { date: o.date } : {}),
      count: o.count,
      root: o.root,
    },
    nonce: o.nonce,
    time: o.time ?? GENESIS_TIME,
  })
}

export function statusTx(
  signer: Signer,
  fx: Fixture,
  o: { nonce: number; number: string; action: 'revoke' | 'suspend' | 'reinstate'; reason?: string; time?: number },
): Tx {
  return makeTx(signer, {
    chainId: fx.chainId,
    type: 'notary.status',
    payload: { number: o.number, action: o.action, reason: o.reason ?? `${o.action} for a test` },
    nonce: o.nonce,
    time: o.time ?? GENESIS_TIME,
  })
}

export function batchDocs(n: number, tag = 'b'): BatchInput[] {
  return Array.from({ length: n }, (_, i) => ({
    documentHash: docHash(`${tag}/${i}`),
    documentType: 'Diploma',
    holder: `Holder ${i}`,
    ...(i % 2 ? { language: 'en' } : {}),
  }))
}

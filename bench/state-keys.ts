/**
 * Generated state for the benchmarks: key i is a pure function of i (nothing held in memory), shaped like the
 * registries' keys.
 * Every third key is a used nonce `n/<signer>/<nonce>` (identity; 4,096 signers, so a signer's group grows with the
 * state), every third a livestock event `lv/ev/<animal>/<n>` (8 per animal: the group a range proof proves), and
 * the others notary records, statuses, document-hash entries and credentials in turn.
 */
import { createHash } from 'node:crypto'
import type { Canonical } from '../src/ledger/codec/canonical'

export const SIGNERS = 4096
const hex64 = (s: string): string => createHash('sha256').update(s).digest('hex')
export const signers = Array.from({ length: SIGNERS }, (_, i) => hex64('signer ' + i))
export const pad = (n: number, w: number): string => String(n).padStart(w, '0')
export const T0 = Date.UTC(2026, 0, 1)

export function keyAt(i: number): string {
  const t = Math.floor(i / 3)
  switch (i % 3) {
    case 0:
      return `n/${signers[t % SIGNERS]!}/${Math.floor(t / SIGNERS) + 1}`
    case 1: {
      const number = `AG${pad(t % 40, 2)}-${2020 + (t % 7)}-${pad(t, 9)}`
      switch (t % 4) {
        case 0:
          return `nt/rec/${number}`
        case 1:
          return `nt/st/${number}`
        case 2:
          return `nt/hash/${hex64('doc ' + t)}`
        default:
          return `id/cred/${hex64('subject ' + t)}`
      }
    }
    default:
      return `lv/ev/KR${pad(Math.floor(t / 8), 10)}/${t % 8}`
  }
}

/** the value key i holds after `gen` updates (gen 0: as loaded) */
export function valueAt(i: number, gen = 0): Canonical {
  const t = Math.floor(i / 3)
  const at = T0 + t * 1000 + gen
  switch (i % 3) {
    case 0:
      return Math.floor(t / 1000) + 1 + gen
    case 1:
      switch (t % 4) {
        case 0:
          return {
            agency: `ag${t % 40}`,
            act: 'apostille',
            documentHash: hex64('doc ' + t),
            documentType: '졸업증명서',
            holder: `Holder ${t}`,
            registeredAt: at,
            registrar: signers[t % SIGNERS]!,
          }
        case 1:
          return [[at, gen % 2 ? 'revoked' : 'registered', null]]
        case 2:
          return [`AG${pad(t % 40, 2)}-${2020 + (t % 7)}-${pad(t, 9)}`]
        default:
          return { roles: [{ agency: `ag${t % 40}`, role: 'notary', expiresAt: null, grantedAt: at }] }
      }
    default:
      return { type: t % 8 === 0 ? 'birth' : 'move', at, farm: `F${pad(t % 100_000, 6)}`, by: signers[t % SIGNERS]!.slice(0, 16) }
  }
}

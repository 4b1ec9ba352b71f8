/**
 * A light workstation's LevelDB (docs/adr/0029): the full node it follows, the validator sets it trusts (from its
 * trust list, or announced by a verified header), the headers and commits it verified, and its head. One batch per
 * synced run of headers, so an interrupted sync resumes from the last written batch.
 *
 *   meta                 JSON: chain id, node address, the trust list's height
 *   vs/<fromHeight:012>  canonical [fromHeight, [[publicKey, power], …], learntAt (0: the trust list; h: header h)]
 *   h/<height:012>       canonical [header, commit]
 *   head                 canonical height of the highest verified header
 */
import { Level } from 'level'
import { DaejangError } from '../../shared/errors'
import { type Canonical, decodeCanonical, encodeCanonical } from '../codec/canonical'
import { type Validator, blockHash, commitFromCanonical, commitToCanonical, headerFromCanonical, headerToCanonical } from '../types/block'
import type { VerifiedHeader } from './verify'

export interface LightMeta {
  chainId: string
  node: string
  trustHeight: number
}

export interface KnownSet {
  fromHeight: number
  validators: Validator[]
  /** 0: from the trust list; h: announced by the verified header h */
  learntAt: number
}

const pad = (n: number): string => String(n).padStart(12, '0')

export class LightStore {
  private readonly db: Level<string, Uint8Array>
  private headHeight = 0
  private sets: KnownSet[] = []

  constructor(path: string) {
    this.db = new Level<string, Uint8Array>(path, { keyEncoding: 'utf8', valueEncoding: 'view' })
  }

  async open(): Promise<void> {
    await this.db.open()
    const head = await this.db.get('head')
    this.headHeight = head === undefined ? 0 : (decodeCanonical(head) as number)
    this.sets = []
    for await (const [, v] of this.db.iterator({ gte: 'vs/', lt: 'vs0' })) this.sets.push(setFromBytes(v))
  }

  close(): Promise<void> {
    return this.db.close()
  }

  async meta(): Promise<LightMeta | null> {
    const raw = await this.db.get('meta')
    return raw === undefined ? null : (JSON.parse(new TextDecoder().decode(raw)) as LightMeta)
  }

  async init(meta: LightMeta, sets: KnownSet[]): Promise<void> {
    const b = this.db.batch()
    b.put('meta', new TextEncoder().encode(JSON.stringify(meta)))
    for (const s of sets) b.put('vs/' + pad(s.fromHeight), setToBytes(s))
    await b.write()
    this.sets = [...sets].sort((x, y) => x.fromHeight - y.fromHeight)
  }

  async setNode(meta: LightMeta): Promise<void> {
    await this.db.put('meta', new TextEncoder().encode(JSON.stringify(meta)))
  }

  /** the highest verified height (0: none yet) */
  head(): number {
    return this.headHeight
  }

  knownSets(): readonly KnownSet[] {
    return this.sets
  }

  /** the known set in effect at `height` (the latest whose fromHeight ≤ height) */
  setAt(height: number): KnownSet | null {
    let best: KnownSet | null = null
    for (const s of this.sets) if (s.fromHeight <= height) best = s
    return best
  }

  async header(height: number): Promise<VerifiedHeader | null> {
    const raw = await this.db.get('h/' + pad(height))
    if (raw === undefined) return null
    const v = decodeCanonical(raw)
    if (!Array.isArray(v) || v.length !== 2) throw new DaejangError('CORRUPT_DATA', `light header ${height}`)
    const header = headerFromCanonical(v[0] as Canonical)
    return { header, commit: commitFromCanonical(v[1] as Canonical), hash: blockHash(header) }
  }

  /** Write verified headers (consecutive, after the head) and the sets they announced, with the new head, at once. */
  async append(headers: readonly VerifiedHeader[], sets: readonly KnownSet[]): Promise<void> {
    if (headers.length === 0) return
    const b = this.db.batch()
    for (const h of headers) {
      b.put('h/' + pad(h.header.height), encodeCanonical([headerToCanonical(h.header), commitToCanonical(h.commit)]))
    }
    for (const s of sets) b.put('vs/' + pad(s.fromHeight), setToBytes(s))
    const head = headers[headers.length - 1]!.header.height
    b.put('head', encodeCanonical(head))
    await b.write()
    this.headHeight = head
    const fresh = new Set(sets.map((s) => s.fromHeight))
    this.sets = [...this.sets.filter((s) => !fresh.has(s.fromHeight)), ...sets].sort((x, y) => x.fromHeight - y.fromHeight)
  }
}

function setToBytes(s: KnownSet): Uint8Array {
  return encodeCanonical([s.fromHeight, s.validators.map((v) => [v.publicKey, v.power]), s.learntAt])
}

function setFromBytes(b: Uint8Array): KnownSet {
  const v = decodeCanonical(b)
  if (!Array.isArray(v) || v.length !== 3 || typeof v[0] !== 'number' || !Array.isArray(v[1]) || typeof v[2] !== 'number') {
    throw new DaejangError('CORRUPT_DATA', 'a light validator set')
  }
  return {
    fromHeight: v[0],
    validators: v[1].map((x) => {
      const [publicKey, power] = x as [Uint8Array, number]
      return { publicKey, power }
    }),
    learntAt: v[2],
  }
}

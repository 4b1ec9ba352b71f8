import type { ProvenRecord } from '../../../ledger/registries/notary/portable/proof'
import type { LiveFacts } from '../../../ledger/registries/notary/portable/verify'
import type { NodeGet } from '../../../ledger/verify/framework'

/** What a host with a node offers the verifier panel; every call may fail (the panel says so, and goes on offline). */
export interface NodeAccess {
  trust(): Promise<unknown>
  /** the proof bundle of a document number */
  bundle(number: string): Promise<unknown>
  /** the newest record's number for a document hash, or null */
  numberOf(hash: string): Promise<string | null>
  live(record: ProvenRecord): Promise<LiveFacts>
  /** the record's status proof as of the node's head (checked in the page, not trusted), or null */
  statusProof(number: string): Promise<unknown>
  describe(err: unknown): string
  /** a GET of the node's API (/api/v1/…), for another registry's verifier (its live facts and later proofs) */
  get?: NodeGet
  /** an agency by its name in the UI language (the proof carries only its id) */
  agencyName?(id: string): string
}

/** What an offline verifier trusts (docs/adr/0008, 0028): its own module so the proof and the trust chain share it. */
import type { Validator } from '../types/block'

/** A validator set of a trust list, in effect from `fromHeight` until the next set's. */
export interface TrustSet {
  fromHeight: number
  validators: Validator[]
}

/**
 * What an offline verifier trusts: the chain id and the consortium's validator sets by height (governance can
 * change the set; docs/adr/0013). `height` is the height the list was taken at: a later block may name a set the
 * list does not know yet, and the verifier then says to fetch a newer list.
 */
export interface TrustList {
  chainId: string
  sets: TrustSet[]
  height: number
  /**
   * The member agencies' names by id, as the consortium published them with the list (format 2 may carry them): a
   * verifier without a node names an agency by them instead of showing its id. Absent in older lists.
   */
  agencyNames?: ReadonlyMap<string, string>
}

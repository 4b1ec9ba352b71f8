/**
 * The livestock registry's portable barrel with the label's verifier (docs/adr/0045): what the node's registry list
 * (`daejang verify`) and the Verify screen (the feature's `loadRegistry`) take. The frame reads the barrel without
 * it (portable/index.ts), so the start bundle leaves the verifier's proofs, signatures and CBOR out.
 */
import type { RegistryPortable } from '../../portable-types'
import { livestockPortable } from '.'
import { livestockLabelVerifier } from './verify'

export const livestockWithLabel: RegistryPortable = { ...livestockPortable, verifier: livestockLabelVerifier }

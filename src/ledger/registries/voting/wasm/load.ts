/**
 * Loading the verification group (docs/adr/0069) once per process: the wasm module with libsodium's constant-time
 * products (noble's where libsodium cannot load), or null — the caller then falls back to the native or portable
 * group, and the reason is said once on stderr. `DAEJANG_VERIFY_GROUP=native` turns the module off (benches, a
 * suspected fault).
 */
import { loadNativeGroup } from '../belenios-native'
import { makeVerifyGroup, portableProducts, type ConstantTimeProducts, type VerifyGroup } from './verify-group'

let verifyGroup: VerifyGroup | null | undefined

function nativeProducts(): ConstantTimeProducts | null {
  const n = loadNativeGroup()
  return n === null ? null : { name: 'libsodium', mul: (p, k) => n.mul(p, k), baseMul: (k) => n.baseMul(k) }
}

/** The verification group, or null where WebAssembly or the module cannot load (said once on stderr). */
export function loadVerifyGroup(): VerifyGroup | null {
  if (verifyGroup === undefined) {
    if (process.env.DAEJANG_VERIFY_GROUP === 'native') {
      verifyGroup = null
      return null
    }
    try {
      verifyGroup = makeVerifyGroup(nativeProducts() ?? portableProducts)
    } catch (e) {
      verifyGroup = null
      console.warn(`daejang: the WebAssembly verification group did not load (${(e as Error).message}); ballots are verified with libsodium instead`)
    }
  }
  return verifyGroup
}

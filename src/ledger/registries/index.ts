/** The registries this build knows. Order does not matter; type names are unique. */
import { consensusRegistry } from './consensus'
import { governanceRegistry } from './governance'
import { identityRegistry } from './identity'
import { notaryRegistry } from './notary'
import type { Registry, TxTypeDef } from './types'

export const REGISTRIES: readonly Registry[] = [identityRegistry, consensusRegistry, governanceRegistry, notaryRegistry]

export function txTypeTable(registries: readonly Registry[] = REGISTRIES): Map<string, TxTypeDef<never>> {
  const m = new Map<string, TxTypeDef<never>>()
  for (const r of registries) {
    for (const [name, def] of Object.entries(r.txTypes)) {
      if (!name.startsWith(r.name + '.')) throw new Error(`type ${name} must start with "${r.name}."`)
      if (m.has(name)) throw new Error(`duplicate transaction type ${name}`)
      m.set(name, def)
    }
  }
  return m
}

/**
 * The group the node's rules compute in (docs/adr/0048): the wasm verification group (docs/adr/0069: the rules only
 * verify, every scalar they use is public), else the native backend on libsodium, else the portable one — all give
 * identical results (the property tests). The node's rules never hold a secret scalar; code that does (ballots,
 * proofs, trustee keys: the CLI's voter and trustee commands) takes the native or portable group, not this one.
 */
import type { Group } from './portable/belenios/group'
import { portableGroup } from './portable/belenios/group'
import { loadNativeGroup } from './belenios-native'
import { loadVerifyGroup } from './wasm/load'

let group: Group<unknown> | undefined

export function nodeGroup(): Group<unknown> {
  group ??= (loadVerifyGroup() as Group<unknown> | null) ?? (loadNativeGroup() as Group<unknown> | null) ?? (portableGroup as Group<unknown>)
  return group
}

/** Whether a text is a point of the group as the specification serialises it, not the identity (Belenios's checks). */
export const isGroupElement = (s: string): boolean => nodeGroup().parse(s) !== null

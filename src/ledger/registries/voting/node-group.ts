/**
 * The group the node's rules compute in (docs/adr/0048): the native backend on libsodium, or the portable one where
 * the binding cannot load — both give identical results (v-crypto's property tests).
 */
import type { Group } from './portable/belenios/group'
import { portableGroup } from './portable/belenios/group'
import { loadNativeGroup } from './belenios-native'

let group: Group<unknown> | undefined

export function nodeGroup(): Group<unknown> {
  group ??= (loadNativeGroup() as Group<unknown> | null) ?? (portableGroup as Group<unknown>)
  return group
}

/** Whether a text is a point of the group as the specification serialises it, not the identity (Belenios's checks). */
export const isGroupElement = (s: string): boolean => nodeGroup().parse(s) !== null

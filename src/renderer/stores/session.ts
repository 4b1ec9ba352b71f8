/**
 * Who is using the app: the active (unlocked) key, the roles it holds and whether it administers an agency. The keys
 * feature calls setIdentity when a key is unlocked and again after refreshing GET /api/v1/identity/keys/:publicKey;
 * the frame reads it to gate screens (lib/access.ts).
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { meetsRequirement, type Requirement } from '../lib/access'

export const useSessionStore = defineStore('session', () => {
  /** public key (hex) of the unlocked key, or null when none is */
  const activeKey = ref<string | null>(null)
  /** active roles of that key (any agency); replaced as a whole, never mutated in place */
  const roles = shallowRef<Set<string>>(new Set())
  const isAdmin = ref(false)
  /** whether `roles` is what the node said of the key (false while a just-unlocked key's roles are being read) */
  const rolesKnown = ref(false)

  function setIdentity(publicKey: string | null, newRoles: Iterable<string>, admin: boolean, known = true): void {
    activeKey.value = publicKey
    roles.value = new Set(publicKey === null ? [] : newRoles)
    isAdmin.value = publicKey !== null && admin
    rolesKnown.value = publicKey !== null && known
  }

  function clear(): void {
    setIdentity(null, [], false)
  }

  const identity = computed(() => ({ roles: roles.value, isAdmin: isAdmin.value }))

  /** Whether the current user may use a screen with this requirement. */
  function allows(requires: Requirement): boolean {
    return meetsRequirement(requires, identity.value)
  }

  return { activeKey, roles, isAdmin, rolesKnown, setIdentity, clear, allows }
})

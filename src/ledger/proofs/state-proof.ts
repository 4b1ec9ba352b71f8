/**
 * State proofs: a key's value, its absence, or a whole group of keys, proven against a state root (the app hash of
 * a block header). The tree is a compressed binary Merkle-Patricia trie over 512-bit paths (docs/adr/0025):
 *
 *   path(k)   = SHA-256("daejang/state/group\0" ‖ group(k)) ‖ SHA-256("daejang/state/key\0" ‖ k)     (64 bytes)
 *   leaf      = SHA-256(0x00 ‖ path ‖ SHA-256(canonical value))
 *   internal  = SHA-256(0x01 ‖ u16be(d) ‖ left ‖ right)   d = the first bit where its two subtrees differ
 *   empty     = 32 zero bytes
 *
 * Every internal node has two non-empty children; a subtree of one leaf is that leaf. A proof climbs from a leaf
 * (or a rebuilt group subtree) to the root through siblings, each with the depth of its branch. Portable: no Node
 * built-ins; this file runs in the node, the renderer, the CLI and the standalone verifier page.
 */
import { z } from 'zod'
import { DaejangError } from '../../shared/errors'
import { fromHex, isHex, toHex } from '../codec/bytes'
import { type Canonical, decodeCanonical, encodeCanonical } from '../codec/canonical'
import { sha256 } from '../crypto/sha256'

export const EMPTY_ROOT: Uint8Array = new Uint8Array(32)
export const PATH_BYTES = 64
export const PATH_BITS = 512
/** a group is the first 256 bits of a path */
export const GROUP_BITS = 256
export const STATE_PROOF_VERSION = 1

const encoder = new TextEncoder()
const GROUP_TAG = encoder.encode('daejang/state/group\0')
const KEY_TAG = encoder.encode('daejang/state/key\0')
const STEP_BYTES = 34

export class StateProofError extends DaejangError {
  constructor(message: string) {
    super('PROOF_INVALID', message)
    this.name = 'StateProofError'
  }
}

/** The group of a key: the key up to (not including) its last '/'; "" when it has none. */
export function groupOf(key: string): string {
  const i = key.lastIndexOf('/')
  return i < 0 ? '' : key.slice(0, i)
}

/** SHA-256(tag ‖ utf8(s)) in one buffer (one-shot hashing is the fast path of the node's OpenSSL). */
let scratch = new Uint8Array(256)
function taggedHash(tag: Uint8Array, s: string): Uint8Array {
  // a shared input buffer (the hash is computed before anything else may use it): no allocation per key
  const need = tag.length + s.length * 3
  if (scratch.length < need && need <= 4096) scratch = new Uint8Array(4096)
  const buf = scratch.length >= need ? scratch : new Uint8Array(need)
  buf.set(tag, 0)
  const { written } = encoder.encodeInto(s, buf.subarray(tag.length))
  return sha256(buf.subarray(0, tag.length + written))
}

/** recent groups' prefixes: the writes of a block share few groups (statuses, records, nonces) */
const prefixes = new Map<string, Uint8Array>()

/** The first 256 bits of the path of every key of `group`. The array is shared: never change it. */
export function groupPrefix(group: string): Uint8Array {
  let p = prefixes.get(group)
  if (p === undefined) {
    p = taggedHash(GROUP_TAG, group)
    if (prefixes.size >= 4096) prefixes.clear()
    prefixes.set(group, p)
  }
  return p
}

export function statePath(key: string): Uint8Array {
  const out = new Uint8Array(PATH_BYTES)
  out.set(groupPrefix(groupOf(key)), 0)
  out.set(taggedHash(KEY_TAG, key), 32)
  return out
}

/** Bit `i` of a path, most significant bit of byte 0 first. */
export function pathBit(path: Uint8Array, i: number): number {
  return (path[i >> 3]! >> (7 - (i & 7))) & 1
}

/** The first bit where `a` and `b` differ, looking at most at the first `limit` bits; `limit` when none does. */
export function firstDiffBit(a: Uint8Array, b: Uint8Array, limit = PATH_BITS): number {
  const n = Math.min(limit + 7, PATH_BITS) >> 3
  for (let i = 0; i < n; i++) {
    const x = a[i]! ^ b[i]!
    if (x !== 0) return Math.min(limit, i * 8 + Math.clz32(x) - 24)
  }
  return limit
}

export function valueHash(valueBytes: Uint8Array): Uint8Array {
  return sha256(valueBytes)
}

const leafInput = new Uint8Array(97)
/** leaf hash: SHA-256(0x00 ‖ path ‖ value hash) */
export function leafHash(path: Uint8Array, vHash: Uint8Array): Uint8Array {
  leafInput[0] = 0
  leafInput.set(path, 1)
  leafInput.set(vHash, 65)
  return sha256(leafInput)
}

const nodeInput = new Uint8Array(67)
/** internal node hash: SHA-256(0x01 ‖ u16be(depth) ‖ left ‖ right) */
export function internalHash(depth: number, left: Uint8Array, right: Uint8Array): Uint8Array {
  nodeInput[0] = 1
  nodeInput[1] = depth >> 8
  nodeInput[2] = depth & 255
  nodeInput.set(left, 3)
  nodeInput.set(right, 35)
  return sha256(nodeInput)
}

export interface ProofStep {
  depth: number
  sibling: Uint8Array
}

export interface StateWitness {
  path: Uint8Array
  valueHash: Uint8Array
}

export type StateProof =
  | { kind: 'present'; key: string; value: Canonical; steps: ProofStep[] }
  | { kind: 'absent'; key: string; witness: StateWitness | null; steps: ProofStep[] }
  | {
      kind: 'range'
      group: string
      entries: Array<[string, Canonical]>
      witness: StateWitness | null
      steps: ProofStep[]
    }

// ---- verification ----

function fail(msg: string): never {
  throw new StateProofError(msg)
}

/** Climb from `hash` (the node at `path`'s side) through `steps`, bottom up. */
function climb(hash: Uint8Array, path: Uint8Array, steps: readonly ProofStep[], maxDepth: number): Uint8Array {
  let h = hash
  let prev = maxDepth
  for (const s of steps) {
    if (!Number.isInteger(s.depth) || s.depth < 0 || s.depth >= prev) fail('the proof steps are not in strictly decreasing depth order')
    if (!(s.sibling instanceof Uint8Array) || s.sibling.length !== 32) fail('a proof step has no 32-byte sibling')
    h = pathBit(path, s.depth) === 0 ? internalHash(s.depth, h, s.sibling) : internalHash(s.depth, s.sibling, h)
    prev = s.depth
  }
  return h
}

function checkWitness(w: StateWitness): void {
  if (!(w.path instanceof Uint8Array) || w.path.length !== PATH_BYTES) fail('the witness path is not 64 bytes')
  if (!(w.valueHash instanceof Uint8Array) || w.valueHash.length !== 32) fail('the witness value hash is not 32 bytes')
}

/**
 * Root of a tree in which nothing with the first `limit` bits of `target` exists, as shown by `witness` and
 * `steps`: the witness leaf first differs from the target at bit k < limit and no step branches at k.
 */
function absenceRoot(target: Uint8Array, limit: number, witness: StateWitness | null, steps: readonly ProofStep[]): Uint8Array {
  if (witness === null) {
    if (steps.length !== 0) fail('an empty-tree proof has steps')
    return EMPTY_ROOT
  }
  checkWitness(witness)
  const k = firstDiffBit(target, witness.path, limit)
  if (k >= limit) fail('the witness leaf is the claimed key itself (or of its group)')
  if (steps.some((s) => s.depth === k)) fail('the witness branches where the claimed key would be: absence does not follow')
  return climb(leafHash(witness.path, witness.valueHash), witness.path, steps, PATH_BITS)
}

function encodeValue(v: Canonical): Uint8Array {
  try {
    return encodeCanonical(v)
  } catch (e) {
    fail('a value is not canonical: ' + (e as Error).message)
  }
}

/** Hash of the compressed subtree of leaves sorted by path (at least one). */
function subtreeHash(leaves: ReadonlyArray<{ path: Uint8Array; hash: Uint8Array }>, lo: number, hi: number): Uint8Array {
  if (hi - lo === 1) return leaves[lo]!.hash
  const d = firstDiffBit(leaves[lo]!.path, leaves[hi - 1]!.path)
  let mid = lo + 1
  while (pathBit(leaves[mid]!.path, d) === 0) mid++
  return internalHash(d, subtreeHash(leaves, lo, mid), subtreeHash(leaves, mid, hi))
}

function compareBytesPath(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}

/** a lone surrogate: UTF-8 cannot hold it (it is hashed as U+FFFD), so no state key has one */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u

/** A key or group name as the state can hold it: a string of well-formed Unicode (one name, one path). */
function checkName(s: unknown, what: string): asserts s is string {
  if (typeof s !== 'string') fail(`the proof names no ${what}`)
  if (LONE_SURROGATE.test(s)) fail(`the ${what} is not well-formed Unicode`)
}

/** The root the proof leads to. Throws StateProofError (PROOF_INVALID) if it is malformed or its claim does not follow. */
export function stateProofRoot(p: StateProof): Uint8Array {
  if (!Array.isArray(p.steps)) fail('the proof has no steps')
  if (p.kind === 'present') {
    checkName(p.key, 'key')
    const path = statePath(p.key)
    return climb(leafHash(path, valueHash(encodeValue(p.value))), path, p.steps, PATH_BITS)
  }
  if (p.kind === 'absent') {
    checkName(p.key, 'key')
    return absenceRoot(statePath(p.key), PATH_BITS, p.witness, p.steps)
  }
  if (p.kind === 'range') {
    checkName(p.group, 'group')
    const prefix = groupPrefix(p.group)
    if (!Array.isArray(p.entries)) fail('the range proof has no entries')
    if (p.entries.length === 0) return absenceRoot(prefix, GROUP_BITS, p.witness, p.steps)
    if (p.witness !== null) fail('a range proof with entries carries no witness')
    const leaves = p.entries.map(([key, value]) => {
      checkName(key, 'key')
      if (groupOf(key) !== p.group) fail(`the key "${key}" is not of the group "${p.group}"`)
      const path = statePath(key)
      return { path, hash: leafHash(path, valueHash(encodeValue(value))) }
    })
    for (let i = 1; i < leaves.length; i++) {
      if (compareBytesPath(leaves[i - 1]!.path, leaves[i]!.path) >= 0) fail('the range entries are not distinct and in path order')
    }
    const top = subtreeHash(leaves, 0, leaves.length)
    if (p.steps.some((s) => s.depth >= GROUP_BITS)) fail('a range proof step branches inside the group')
    return climb(top, leaves[0]!.path, p.steps, GROUP_BITS)
  }
  fail('unknown proof kind')
}

export function verifyStateProof(p: StateProof, root: Uint8Array): { ok: true } | { ok: false; reason: string } {
  let r: Uint8Array
  try {
    r = stateProofRoot(p)
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) }
  }
  if (!(root instanceof Uint8Array) || root.length !== 32) return { ok: false, reason: 'the state root is not 32 bytes' }
  for (let i = 0; i < 32; i++) if (r[i] !== root[i]) return { ok: false, reason: 'the proof does not lead to the state root' }
  return { ok: true }
}

// ---- binary form (canonical CBOR; steps packed as one byte string of u16be depth ‖ sibling) ----

export function packSteps(steps: readonly ProofStep[]): Uint8Array {
  const out = new Uint8Array(steps.length * STEP_BYTES)
  steps.forEach((s, i) => {
    out[i * STEP_BYTES] = s.depth >> 8
    out[i * STEP_BYTES + 1] = s.depth & 255
    out.set(s.sibling, i * STEP_BYTES + 2)
  })
  return out
}

export function unpackSteps(b: Uint8Array): ProofStep[] {
  if (b.length % STEP_BYTES !== 0 || b.length > PATH_BITS * STEP_BYTES) fail('the packed steps have a wrong length')
  const steps: ProofStep[] = []
  for (let o = 0; o < b.length; o += STEP_BYTES) {
    steps.push({ depth: (b[o]! << 8) | b[o + 1]!, sibling: b.slice(o + 2, o + STEP_BYTES) })
  }
  return steps
}

function packWitness(w: StateWitness | null): Uint8Array | null {
  if (w === null) return null
  const out = new Uint8Array(96)
  out.set(w.path, 0)
  out.set(w.valueHash, 64)
  return out
}

function unpackWitness(v: Canonical | undefined): StateWitness | null {
  if (v === null) return null
  if (!(v instanceof Uint8Array) || v.length !== 96) fail('the witness is not 96 bytes')
  return { path: v.slice(0, 64), valueHash: v.slice(64) }
}

const KIND_CODE = { present: 0, absent: 1, range: 2 } as const

export function encodeStateProof(p: StateProof): Uint8Array {
  const steps = packSteps(p.steps)
  if (p.kind === 'present') return encodeCanonical([STATE_PROOF_VERSION, KIND_CODE.present, p.key, p.value, steps])
  if (p.kind === 'absent') return encodeCanonical([STATE_PROOF_VERSION, KIND_CODE.absent, p.key, packWitness(p.witness), steps])
  return encodeCanonical([
    STATE_PROOF_VERSION,
    KIND_CODE.range,
    p.group,
    p.entries.map(([k, v]) => [k, v]),
    packWitness(p.witness),
    steps,
  ])
}

export function decodeStateProof(b: Uint8Array): StateProof {
  let v: Canonical
  try {
    v = decodeCanonical(b)
  } catch (e) {
    fail('the state proof is not canonical CBOR: ' + (e as Error).message)
  }
  if (!Array.isArray(v) || v[0] !== STATE_PROOF_VERSION) fail('not a version 1 state proof')
  const kind = v[1]
  const steps = v[v.length - 1]
  if (!(steps instanceof Uint8Array)) fail('the state proof has no packed steps')
  if (kind === KIND_CODE.present && v.length === 5 && typeof v[2] === 'string') {
    return { kind: 'present', key: v[2], value: v[3]!, steps: unpackSteps(steps) }
  }
  if (kind === KIND_CODE.absent && v.length === 5 && typeof v[2] === 'string') {
    return { kind: 'absent', key: v[2], witness: unpackWitness(v[3]), steps: unpackSteps(steps) }
  }
  if (kind === KIND_CODE.range && v.length === 6 && typeof v[2] === 'string' && Array.isArray(v[3])) {
    const entries = v[3].map((e): [string, Canonical] => {
      if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string') fail('a range entry is not [key, value]')
      return [e[0], e[1]!]
    })
    return { kind: 'range', group: v[2], entries, witness: unpackWitness(v[4]), steps: unpackSteps(steps) }
  }
  fail('the state proof has a wrong shape')
}

// ---- JSON form (files, the API): hex bytes; values as the hex of their canonical CBOR ----

const hexBytes = (n: number) => z.string().refine((s) => isHex(s, n), { message: `expected ${n} bytes in lowercase hex` })
const hexAny = z.string().max(2 * 16 * 1024 * 1024).refine((s) => isHex(s), { message: 'expected lowercase hex' })
const StepJson = z.object({ depth: z.number().int().min(0).max(PATH_BITS - 1), sibling: hexBytes(32) }).strict()
const StepsJson = z.array(StepJson).max(PATH_BITS)
const WitnessJson = z.object({ path: hexBytes(64), valueHash: hexBytes(32) }).strict().nullable()
const KeyJson = z.string().max(4096)

export const StateProofJsonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('present'), key: KeyJson, value: hexAny, steps: StepsJson }).strict(),
  z.object({ kind: z.literal('absent'), key: KeyJson, witness: WitnessJson, steps: StepsJson }).strict(),
  z
    .object({
      kind: z.literal('range'),
      group: KeyJson,
      entries: z.array(z.object({ key: KeyJson, value: hexAny }).strict()).max(1_000_000),
      witness: WitnessJson,
      steps: StepsJson,
    })
    .strict(),
])

/** the JSON form, as its schema checks it */
export type StateProofJson = z.infer<typeof StateProofJsonSchema>
type ProofStepJson = z.infer<typeof StepJson>
type StateWitnessJson = NonNullable<z.infer<typeof WitnessJson>>

const stepsToJson = (steps: readonly ProofStep[]): ProofStepJson[] => steps.map((s) => ({ depth: s.depth, sibling: toHex(s.sibling) }))
const witnessToJson = (w: StateWitness | null): StateWitnessJson | null =>
  w === null ? null : { path: toHex(w.path), valueHash: toHex(w.valueHash) }

export function stateProofToJson(p: StateProof): StateProofJson {
  if (p.kind === 'present') return { kind: 'present', key: p.key, value: toHex(encodeCanonical(p.value)), steps: stepsToJson(p.steps) }
  if (p.kind === 'absent') return { kind: 'absent', key: p.key, witness: witnessToJson(p.witness), steps: stepsToJson(p.steps) }
  return {
    kind: 'range',
    group: p.group,
    entries: p.entries.map(([key, v]) => ({ key, value: toHex(encodeCanonical(v)) })),
    witness: witnessToJson(p.witness),
    steps: stepsToJson(p.steps),
  }
}

function valueFromHex(h: string): Canonical {
  try {
    return decodeCanonical(fromHex(h))
  } catch (e) {
    fail('a value is not canonical CBOR: ' + (e as Error).message)
  }
}

export function stateProofFromJson(x: unknown): StateProof {
  const r = StateProofJsonSchema.safeParse(x)
  if (!r.success) {
    const i = r.error.issues[0]
    fail(`state proof ${i?.path.join('.') ?? ''}: ${i?.message ?? 'invalid'}`)
  }
  const j = r.data
  const steps = j.steps.map((s) => ({ depth: s.depth, sibling: fromHex(s.sibling) }))
  const witness = (w: StateWitnessJson | null): StateWitness | null =>
    w === null ? null : { path: fromHex(w.path), valueHash: fromHex(w.valueHash) }
  if (j.kind === 'present') return { kind: 'present', key: j.key, value: valueFromHex(j.value), steps }
  if (j.kind === 'absent') return { kind: 'absent', key: j.key, witness: witness(j.witness), steps }
  return {
    kind: 'range',
    group: j.group,
    entries: j.entries.map((e): [string, Canonical] => [e.key, valueFromHex(e.value)]),
    witness: witness(j.witness),
    steps,
  }
}

/** What a verified proof says, for display: the key's value (undefined when absent) or the group's entries. */
export function stateProofClaim(
  p: StateProof,
): { key: string; value: Canonical | undefined } | { group: string; entries: Array<[string, Canonical]> } {
  if (p.kind === 'present') return { key: p.key, value: p.value }
  if (p.kind === 'absent') return { key: p.key, value: undefined }
  return { group: p.group, entries: p.entries }
}

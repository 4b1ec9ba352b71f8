/**
 * Acts several parties sign (docs/adr/0020) as the app passes them between machines: a file (the JSON form of the
 * act, signatures still missing are null) or a QR code (the same JSON behind a short prefix). Importing a copy of an
 * act we already hold adds the signatures it carries; a copy of another act is refused. The signing itself is the
 * ledger's portable code (ledger/types/tx.ts: makeAct, signAct, missingSignatures).
 */
import { type ActJson, TxJsonSchema, actSignBytes, missingSignatures } from '../../ledger/types/tx'
import { fromHex, toHex } from '../../ledger/codec/bytes'
import { verifyPortable } from '../../ledger/crypto/ed25519'
import { sha256 } from '../../ledger/crypto/sha256'

export type { ActJson } from '../../ledger/types/tx'
export { missingSignatures } from '../../ledger/types/tx'

/** What a QR code of an act starts with. */
export const ACT_QR_PREFIX = 'DJACT1:'

/** Why a text is not an act (the words are the caller's: these are reasons for the screen, keyed). */
export class ActFormatError extends Error {
  constructor(readonly reason: 'notJson' | 'notAct' | 'otherAct' | 'tooLarge') {
    super(reason)
    this.name = 'ActFormatError'
  }
}

/** Identity of an act: the hash of its sign bytes (the same for every copy, however many have signed). */
export function actId(a: ActJson): string {
  return toHex(sha256(actSignBytes(a)))
}

/** The longest text read as an act (a pasted one too): an act file is opened only up to this size as well. */
export const MAX_ACT_TEXT = 1 << 20

/** Parse an act from a file's text or a QR code's text. */
export function parseAct(text: string): ActJson {
  if (text.length > MAX_ACT_TEXT) throw new ActFormatError('tooLarge')
  const body = text.trim().startsWith(ACT_QR_PREFIX) ? text.trim().slice(ACT_QR_PREFIX.length) : text
  let v: unknown
  try {
    v = JSON.parse(body)
  } catch {
    throw new ActFormatError('notJson')
  }
  const r = TxJsonSchema.safeParse(v)
  if (!r.success) throw new ActFormatError('notAct')
  return r.data as ActJson
}

/** The file's text of an act. */
export function actFileText(a: ActJson): string {
  return JSON.stringify(a, null, 2) + '\n'
}

/** The text a QR code of an act carries. */
export function actQrText(a: ActJson): string {
  return ACT_QR_PREFIX + JSON.stringify(a)
}

/** A file name for an act: its type and the start of its id. */
export function actFileName(a: ActJson): string {
  return `act-${a.type.replace(/[^a-z0-9]+/gi, '-')}-${actId(a).slice(0, 8)}.json`
}

/** The act with only the signatures that verify (a damaged or forged one is dropped: that party signs again). */
export function validSignaturesOnly(a: ActJson): ActJson {
  const msg = actSignBytes(a)
  const ok = (sig: string | null, key: string): string | null => (sig !== null && verifyPortable(fromHex(sig), msg, fromHex(key)) ? sig : null)
  const out: ActJson = { ...a, sig: ok(a.sig, a.signer) }
  if (a.cosigners) out.cosigners = a.cosigners.map((c) => ({ key: c.key, sig: ok(c.sig, c.key) }))
  return out
}

/**
 * Both copies' signatures in one act (only signatures that verify are taken). Copies of different acts (their sign
 * bytes differ) are refused: a signature is never moved from one act to another.
 */
export function mergeActs(mine: ActJson, imported: ActJson): ActJson {
  if (actId(mine) !== actId(imported)) throw new ActFormatError('otherAct')
  const theirs = validSignaturesOnly(imported)
  const sigOf = (key: string): string | null => (theirs.signer === key ? theirs.sig : (theirs.cosigners?.find((c) => c.key === key)?.sig ?? null))
  const out: ActJson = { ...mine, sig: mine.sig ?? sigOf(mine.signer) }
  if (mine.cosigners) out.cosigners = mine.cosigners.map((c) => ({ key: c.key, sig: c.sig ?? sigOf(c.key) }))
  return out
}

/** Whether the act has every signature. */
export function isComplete(a: ActJson): boolean {
  return missingSignatures(a).length === 0
}

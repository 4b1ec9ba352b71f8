/**
 * The election's setup and its end (docs/adr/0048): an official drafts it (its uuid from the transaction's hash),
 * the credential authority of the named agency publishes the public credentials in parts and seals the list, an
 * official closes it at its closing time. Every check before the first write.
 */
import { DaejangError } from '../../../shared/errors'
import { fromHex, utf8 } from '../../codec/bytes'
import { sha256Parts } from '../../crypto/sha256'
import { toHex } from '../../codec/bytes'
import { agencyKey } from '../identity/state-keys'
import type { TxContext } from '../types'
import { isGroupElement } from './node-group'
import { base58 } from './portable/base58'
import { credentialKey, credentialPartKey, electionIndexKey, electionKey } from './portable/keys'
import type { CredentialsPublish, CredentialsSeal, Draft, ElectionAct, ElectionHead } from './portable/schema'
import { readElection, requireElection, requireOfficial, requireStage, vErr, withHead } from './rules-common'

/** The election's uuid: Base58 of the first 16 bytes of its draft transaction's hash (22 characters or so, ≥ 14). */
export const electionUuidOf = (txHash: string): string => base58(fromHex(txHash).subarray(0, 16))

export async function applyDraft(ctx: TxContext<Draft>): Promise<void> {
  const d = ctx.payload
  const agency = ctx.actingFor[0]
  if (agency === undefined) throw new DaejangError('UNAUTHORIZED_ROLE', 'an election official drafts elections')
  if (d.opens <= ctx.time) throw vErr('VOTING_TIMES', 'the election must open after the block that drafts it')
  for (const a of [...d.trustees, d.credentialAuthority]) {
    if ((await ctx.state.get(agencyKey(a))) === undefined) throw vErr('VOTING_UNKNOWN_AGENCY', a, { agency: a })
  }
  if (d.credentialAuthority === agency) throw vErr('VOTING_AUTHORITY_IS_OFFICIAL', agency, { agency })
  const uuid = electionUuidOf(ctx.hash)
  if ((await readElection(ctx.state, uuid)) !== undefined) throw new DaejangError('BAD_PAYLOAD', `election ${uuid} exists`)
  const head: ElectionHead = {
    uuid,
    draft: d,
    agency,
    draftedAt: ctx.height,
    stage: 'setup',
    ceremony: { cert: [], polynomial: [], voutput: [] },
    credentials: { parts: 0, count: 0, last: null, sealed: null },
    ballots: 0,
    openedAt: null,
    closedAt: null,
  }
  ctx.state.put(electionKey(uuid), head as never)
  ctx.state.put(electionIndexKey(uuid), { name: d.name, agency, draftedAt: ctx.height })
}

/** The election whose list the signer, its authority's agency, still builds (not sealed, not opened). */
async function listInProgress(ctx: TxContext<{ election: string }>): Promise<ElectionHead> {
  const h = await requireElection(ctx.state, ctx.payload.election)
  if (!ctx.actingFor.includes(h.draft.credentialAuthority)) {
    throw vErr('VOTING_NOT_AUTHORITY', `the credential authority of election ${h.uuid} is agency ${h.draft.credentialAuthority}`, { election: h.uuid })
  }
  requireStage(h, 'setup')
  if (h.credentials.sealed !== null) throw vErr('VOTING_CREDENTIAL_PART', 'the list is sealed')
  return h
}

/** A part of the public credential list: the next in order, sorted, above the last one published, each a point of the group. */
export async function applyCredentialsPublish(ctx: TxContext<CredentialsPublish>): Promise<void> {
  const p = ctx.payload
  const h = await listInProgress(ctx)
  const c = h.credentials
  if (p.part !== c.parts + 1) throw vErr('VOTING_CREDENTIAL_PART', `the next part is ${c.parts + 1}`, { expected: c.parts + 1 })
  let prev = c.last
  for (const [i, cred] of p.credentials.entries()) {
    if (prev !== null && cred <= prev) throw vErr('VOTING_CREDENTIAL_ORDER', `credential ${i + 1} of the part`, { index: i })
    prev = cred
  }
  if (c.count + p.credentials.length > h.draft.voters) {
    throw vErr('VOTING_CREDENTIAL_COUNT', `${c.count + p.credentials.length} credentials for ${h.draft.voters} voters`)
  }
  const bad = p.credentials.findIndex((cred) => !isGroupElement(cred))
  if (bad >= 0) throw vErr('VOTING_BAD_CREDENTIAL', `credential ${bad + 1} of the part`, { index: bad })
  ctx.state.put(credentialPartKey(h.uuid, p.part), p.credentials)
  for (const cred of p.credentials) ctx.state.put(credentialKey(h.uuid, cred), true)
  ctx.state.put(electionKey(h.uuid), withHead(h, { credentials: { parts: p.part, count: c.count + p.credentials.length, last: prev, sealed: null } }) as never)
}

/** The `public_credentials` text of the parts published (the JSON list, compact) as the pieces of its UTF-8 bytes. */
export async function credentialListPieces(state: TxContext<unknown>['state'], uuid: string, parts: number): Promise<Uint8Array[]> {
  const pieces: Uint8Array[] = [utf8('[')]
  for (let n = 1; n <= parts; n++) {
    const part = (await state.get(credentialPartKey(uuid, n))) as unknown as string[]
    pieces.push(utf8((n > 1 ? ',' : '') + part.map((x) => `"${x}"`).join(',')))
  }
  pieces.push(utf8(']'))
  return pieces
}

/** The list sealed: one credential per voter, and the hash of the whole list as the authority computed it. */
export async function applyCredentialsSeal(ctx: TxContext<CredentialsSeal>): Promise<void> {
  const p = ctx.payload
  const h = await listInProgress(ctx)
  const c = h.credentials
  if (p.count !== c.count || c.count !== h.draft.voters) {
    throw vErr('VOTING_CREDENTIAL_COUNT', `${c.count} published, ${p.count} declared, ${h.draft.voters} voters`)
  }
  const hash = toHex(sha256Parts(...(await credentialListPieces(ctx.state, h.uuid, c.parts))))
  if (hash !== p.hash) throw vErr('VOTING_CREDENTIAL_HASH', `the published list hashes to ${hash}`, { hash })
  ctx.state.put(electionKey(h.uuid), withHead(h, { credentials: { ...c, sealed: hash } }) as never)
}

/** Closed by an official of its agency, once its closing time has come: no ballot after it (EndBallots). */
export async function applyClose(ctx: TxContext<ElectionAct>): Promise<void> {
  const h = await requireElection(ctx.state, ctx.payload.election)
  requireOfficial(h, ctx.actingFor)
  requireStage(h, 'open')
  if (ctx.time < h.draft.closes) throw vErr('VOTING_TIMES', 'the closing time has not come')
  ctx.state.put(electionKey(h.uuid), withHead(h, { stage: 'closed', closedAt: ctx.height }) as never)
}

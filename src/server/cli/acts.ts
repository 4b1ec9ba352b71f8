/**
 * Acts signed by several parties (docs/adr/0020), from the command line:
 *
 *   daejang tx sign --type T --payload P --cosigner KEY … --out act.json   an act naming its co-signers, signed by us
 *   daejang tx sign --file act.json --yes                                  sign an act someone made (as its signer)
 *   daejang tx cosign act.json --yes                                       add our signature as a named co-signer
 *   daejang tx submit act.json                                             send it once every party has signed
 *
 * An act file is the JSON form of a transaction whose missing signatures are null; it travels between the parties'
 * machines as a file. Without co-signers `tx sign` makes and signs an ordinary transaction, as it always did.
 *
 * An act made elsewhere is checked before this key signs it (its chain, time, our nonce if we are its signer: actGuard;
 * its payload against its type's schema), then shown, and signed only with --yes.
 */
import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { DaejangError } from '../../shared/errors'
import type { TxTypeDef } from '../../ledger/registries/types'
import { type ActJson, type JsonValue, TxJsonSchema, actGuard, makeAct, missingSignatures, signAct } from '../../ledger/types/tx'
import { toHex } from '../../ledger/codec/bytes'
import type { Home } from '../../ledger/node/home'
import { ApiClient } from './client'
import { nextNonce, parsePublicKey, signerFor } from './keys'
import { type OutputOptions, kv, print } from './output'

type Opts = OutputOptions & Record<string, unknown>

export interface ActDeps {
  act(fn: (o: Opts) => Promise<void>): (o: Opts) => Promise<void>
  home(o: Opts): Home
  readJsonFile(path: string, what: string): unknown
  /** the transaction types of this build: a new act's type and payload are checked before anything is signed */
  types: ReadonlyMap<string, TxTypeDef<never>>
  /** a transaction type in words, for the lines a person reads (the catalogue's txTypeWords) */
  typeWords(type: string): string
  /** one line saying what a transaction of `type` with `payload` does, in words */
  describe(type: string, payload: unknown): string
}

/** An act read from a file: the JSON form of a transaction, signatures possibly null. */
export function readAct(deps: ActDeps, path: string): ActJson {
  const r = TxJsonSchema.safeParse(deps.readJsonFile(path, 'act file'))
  if (!r.success) {
    const i = r.error.issues[0]
    throw new DaejangError('SCHEMA_INVALID', `act file ${path}: ${i?.path.join('.') ?? ''}: ${i?.message ?? 'invalid'}`)
  }
  return r.data as ActJson
}

const short = (k: string): string => k.slice(0, 12) + '…'

/** One line for a person: what the act is and whose signature it still needs. */
export function actLine(a: ActJson, typeWords: (type: string) => string, where?: string): string {
  const missing = missingSignatures(a)
  const to = where ? ` → ${where}` : ''
  const what = `${typeWords(a.type)} (${a.type}) with nonce ${a.nonce}`
  if (missing.length === 0) return `${what}: signed by every party${to}`
  return `${what}: still needs the signature of ${missing.map(short).join(', ')}${to}`
}

/** The payload must fit its type (a type this build does not know is refused): checked before anything is signed. */
function checkPayload(deps: ActDeps, type: string, payload: unknown): void {
  const def = deps.types.get(type)
  if (!def) throw new DaejangError('UNKNOWN_TYPE', `no registry of this build has a transaction type "${type}"`)
  const parsed = def.schema.safeParse(payload)
  if (!parsed.success) {
    const i = parsed.error.issues[0]
    throw new DaejangError('BAD_PAYLOAD', `${type}: ${i?.path.join('.') || 'payload'}: ${i?.message ?? 'invalid'}`)
  }
}

/**
 * Before this key signs an act made elsewhere: refuse one that would harm it (actGuard, the payload's schema), show
 * what it does, and sign only when --yes says the person has read it (false: shown, not signed, exit code 1).
 */
async function vetForeignAct(deps: ActDeps, o: Opts, h: Home, a: ActJson, key: string): Promise<boolean> {
  checkPayload(deps, a.type, a.payload)
  const c = clientOf(h)
  const lastNonce = c ? await c.get<{ nonce: number }>(`/api/v1/identity/keys/${key}`).then((k) => k.nonce, () => null) : null
  actGuard(a, { key, chainId: h.readGenesis().chainId, lastNonce, now: Date.now() })
  if (o.yes) return true
  const what = deps.describe(a.type, a.payload)
  const summary = kv([
    ['what', what],
    ['type', a.type],
    ['chain', a.chainId],
    ['signer', a.signer === key ? `${a.signer} (this key)` : a.signer],
    ['nonce', a.nonce],
    ['time', new Date(a.time).toISOString()],
    ['co-signers', (a.cosigners ?? []).map((x) => (x.key === key ? `${x.key} (this key)` : x.key)).join(', ')],
  ])
  const shown = { signed: false, what, type: a.type, chainId: a.chainId, signer: a.signer, nonce: a.nonce, time: a.time, cosigners: (a.cosigners ?? []).map((x) => x.key) }
  print(o, shown, () => `${summary}\nNot signed: read what the act does above, then run the command again with --yes to sign it.`)
  process.exitCode = 1
  return false
}

function write(o: Opts, deps: ActDeps, a: ActJson, path: string | undefined): void {
  if (path) writeFileSync(path, JSON.stringify(a, null, 2) + '\n')
  const out = { ...a, missing: missingSignatures(a) }
  print(o, path ? out : a, () => (path ? actLine(a, deps.typeWords, path) : JSON.stringify(a, null, 2)))
}

function clientOf(h: Home): ApiClient | null {
  try {
    return ApiClient.forHome(h)
  } catch {
    return null
  }
}

export function addActCommands(tx: Command, deps: ActDeps): void {
  tx.command('sign')
    .description('sign a transaction, or an act several parties sign, with a key of this home (prints or writes its JSON form)')
    .requiredOption('--home <dir>', 'node home directory')
    .option('--type <type>', 'transaction type, e.g. identity.role.grant')
    .option('--file <file>', 'an act made elsewhere: sign it as its signer (instead of --type)')
    .option('--key <name>', 'key name in the home', 'admin')
    .option('--payload <json>', 'payload as JSON')
    .option('--payload-file <file>', 'payload JSON file')
    .option('--cosigner <publicKey>', 'a key that must co-sign (repeat for several): makes an act to pass on', (v: string, acc: string[]) => [...acc, parsePublicKey(v)], [] as string[])
    .option('--nonce <n>', 'nonce (default: above the last committed, from the clock)', (v) => Number(v))
    .option('--passphrase-file <file>', 'passphrase of an encrypted key (or DAEJANG_PASSPHRASE)')
    .option('--out <file>', 'write the signed transaction or act here')
    .option('--yes', 'sign the act given with --file, having read what it does (without it, it is shown and not signed)')
    .option('--json', 'JSON output')
    .action(
      deps.act(async (o) => {
        const h = deps.home(o)
        const signer = signerFor(h, o.key as string, o.passphraseFile as string | undefined)
        if (o.file) {
          const a = readAct(deps, o.file as string)
          const pk = toHex(signer.publicKey)
          if (a.signer !== pk) throw new DaejangError('UNAUTHORIZED_ROLE', 'this key is not the act\'s signer: a named co-signer signs it with `tx cosign`')
          if (await vetForeignAct(deps, o, h, a, pk)) write(o, deps, signAct(a, signer), (o.out as string | undefined) ?? (o.file as string))
          return
        }
        if (!o.type) throw new DaejangError('SCHEMA_INVALID', 'give --type (a new transaction) or --file (an act to sign)')
        const payload = o.payloadFile
          ? deps.readJsonFile(o.payloadFile as string, 'payload file')
          : o.payload !== undefined
            ? JSON.parse(o.payload as string)
            : {}
        // any registry's type, its payload checked by the type's schema before anything is signed
        checkPayload(deps, o.type as string, payload)
        const pk = toHex(signer.publicKey)
        const c = clientOf(h)
        const nonce = (o.nonce as number | undefined) ?? (await nextNonce(c, pk).catch(() => Date.now()))
        const a = makeAct({
          chainId: h.readGenesis().chainId,
          type: o.type as string,
          payload: payload as JsonValue,
          signer: pk,
          nonce,
          cosigners: o.cosigner as string[],
        })
        const signed = signAct(a, signer)
        if (!signed.cosigners) {
          // an ordinary transaction: as `tx sign` always printed it
          if (o.out) writeFileSync(o.out as string, JSON.stringify(signed, null, 2) + '\n')
          print(o, signed, () => (o.out ? `signed ${deps.typeWords(signed.type)} (${signed.type}) with nonce ${signed.nonce} → ${o.out as string}` : JSON.stringify(signed, null, 2)))
          return
        }
        write(o, deps, signed, o.out as string | undefined)
      }),
    )

  tx.command('cosign')
    .description('add this home key\'s signature to an act that names it as a co-signer (the file is updated)')
    .argument('<file>', 'the act file')
    .requiredOption('--home <dir>', 'node home directory')
    .option('--key <name>', 'key name in the home', 'admin')
    .option('--passphrase-file <file>', 'passphrase of an encrypted key (or DAEJANG_PASSPHRASE)')
    .option('--out <file>', 'write the act here instead of back to its file')
    .option('--yes', 'sign, having read what the act does (without it, it is shown and not signed)')
    .option('--json', 'JSON output')
    .action((file: string, o: Opts) =>
      deps.act(async () => {
        const h = deps.home(o)
        const signer = signerFor(h, o.key as string, o.passphraseFile as string | undefined)
        const a = readAct(deps, file)
        const pk = toHex(signer.publicKey)
        if (a.signer === pk) throw new DaejangError('SCHEMA_INVALID', 'this key is the act\'s signer: sign it with `tx sign --file`')
        if (!a.cosigners?.some((x) => x.key === pk)) throw new DaejangError('UNAUTHORIZED_ROLE', `this act does not name the key ${short(pk)} as a party`)
        if (await vetForeignAct(deps, o, h, a, pk)) write(o, deps, signAct(a, signer), (o.out as string | undefined) ?? file)
      })(o),
    )
}

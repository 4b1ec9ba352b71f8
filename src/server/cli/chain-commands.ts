/** `daejang block | blocks | chain verify`: the blocks of the chain, and an audit of the stored chain. */
import type { Command } from 'commander'
import type { BlockDto, BlockSummaryDto } from '../../shared/api'
import { DaejangError } from '../../shared/errors'
import { act, client, home, time } from './context'
import { kv, print, table } from './output'

export function addChainCommands(program: Command): void {
  program
    .command('block')
    .description('a block by height')
    .requiredOption('--home <dir>', 'node home directory')
    .requiredOption('--height <h>', 'block height', (v) => Number(v))
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const h = o.height as number
        if (!Number.isSafeInteger(h) || h < 1) throw new DaejangError('UNKNOWN_HEIGHT', `there is no block at height ${String(o.height)}`)
        const b = await client(o).get<BlockDto>(`/api/v1/blocks/${h}`)
        print(o, b, () =>
          kv([
            ['height', b.height],
            ['hash', b.hash],
            ['time', time(b.time)],
            ['transactions', b.txCount],
            ['previous', b.prevHash],
            ['tx root', b.txRoot],
            ['app hash', b.appHash],
            ['signatures', b.commit?.sigs.length ?? 0],
          ]) + (b.txs.length ? '\n' + b.txs.join('\n') : ''),
        )
      }),
    )

  program
    .command('blocks')
    .description('recent blocks')
    .requiredOption('--home <dir>', 'node home directory')
    .option('--limit <n>', 'how many', (v) => Number(v), 20)
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const bs = await client(o).get<BlockSummaryDto[]>(`/api/v1/blocks?limit=${o.limit as number}`)
        print(o, bs, () => table(bs.map((b) => ({ ...b, time: time(b.time) })) as never, ['height', 'hash', 'time', 'txCount']))
      }),
    )

  program
    .command('chain')
    .description('the local chain')
    .command('verify')
    .description('replay and check the whole stored chain (stop the node first)')
    .requiredOption('--home <dir>', 'node home directory')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const h = home(o)
        const { auditChain } = await import('../../ledger/node/audit')
        const r = await auditChain(h.dataDir, h.readGenesis())
        print(o, r, () =>
          r.ok
            ? `chain OK: ${r.height} blocks replayed, app hash ${r.appHash}`
            : `chain INVALID:\n${r.problems.map((p) => '  ' + p).join('\n')}`,
        )
        if (!r.ok) process.exitCode = 1
      }),
    )
}

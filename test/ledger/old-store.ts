/** Make a stopped node's store look like one an earlier build left: no format mark and no state tree (docs/adr/0026). */
import { Level } from 'level'

export async function makeStoreOld(chainDir: string): Promise<void> {
  const db = new Level<string, Uint8Array>(chainDir, { keyEncoding: 'utf8', valueEncoding: 'view' })
  await db.open()
  const batch = db.batch()
  batch.del('meta/format')
  for (const prefix of ['m/', 'mr/', 'ms/']) {
    for await (const k of db.keys({ gte: prefix, lt: prefix + '\u{10FFFF}' })) batch.del(k)
  }
  await batch.write()
  await db.close()
}

/**
 * The first proven read of a light workstation (docs/adr/0029): a notary record and its status, each with a state
 * proof checked against the same verified header.
 */
import type { Canonical } from '../codec/canonical'
import { recordKey, statusKey } from '../registries/notary/state-keys'
import type { RecordStatus, StatusEvent, StoredRecord, StoredStatus } from '../registries/notary/portable/schema'
import type { LightClient } from './client'

export interface ProvenNotaryRecord {
  number: string
  /** null: no record has this number as of the block (proven absent) */
  record: StoredRecord | null
  status: RecordStatus | null
  history: StatusEvent[]
  asOf: { height: number; time: number; appHash: string }
}

export async function provenNotaryRecord(client: LightClient, number: string): Promise<ProvenNotaryRecord> {
  const rec = await client.provenRead(recordKey(number))
  const st = await client.provenRead(statusKey(number), rec.height)
  const record = rec.value === undefined ? null : (rec.value as unknown as StoredRecord)
  const status = st.value === undefined ? null : (st.value as Canonical as unknown as StoredStatus)
  return {
    number,
    record,
    status: record ? (status?.status ?? 'issued') : null,
    history: status?.history ?? [],
    asOf: { height: rec.height, time: rec.time, appHash: rec.appHash },
  }
}

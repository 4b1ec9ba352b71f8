/**
 * What the node says about itself and its recent blocks. Polls the status (retrying with backoff while the node is
 * unreachable) and refreshes at once when the event stream reports a block.
 */
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { BlockSummaryDto, NodeEventDto, StatusDto, SyncState } from '../../shared/api'
import { backoffDelay } from '../api/backoff'
import { ApiError, type ApiClient, type EventStream } from '../api/client'
import { takeEarlyStatus } from '../api/early'
import { CatchUpMeter, type CatchUp } from '../lib/catch-up'
import { serialize } from '../lib/serialize'
import { useConnectionStore } from './connection'
import { useOutboxStore } from './outbox'

export const RECENT_BLOCKS = 20
const POLL_MS = 10_000

export const useNodeStore = defineStore('node', () => {
  const connection = useConnectionStore()
  const outbox = useOutboxStore()

  const status = ref<StatusDto | null>(null)
  const blocks = ref<BlockSummaryDto[]>([])
  const blocksLoaded = ref(false)
  /** The last error the API answered with (the node was reachable but refused). */
  const apiError = ref<string | null>(null)
  const blocksError = ref<string | null>(null)
  /** the node holds no ledger yet and waits for the first-run choice (SETUP_REQUIRED; features/onboarding) */
  const setupRequired = ref(false)

  /** the catch-up's progress, rate and time left, from the statuses read (lib/catch-up.ts) */
  const meter = new CatchUpMeter()
  const catchUp = ref<CatchUp | null>(null)
  watch(status, (s) => {
    if (s === null) return
    meter.add(Date.now(), s.height, s.syncTarget)
    catchUp.value = s.syncState === 'syncing' ? meter.estimate(s.height, s.syncTarget) : null
  })

  const syncState = computed<SyncState>(() => {
    if (connection.setupProblem || apiError.value) return 'error'
    if (connection.reachable !== true || !status.value) return 'offline'
    return status.value.syncState
  })

  let running = false
  let failures = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let stream: EventStream | null = null
  /** the client the event stream was opened with: a new client (signed in again) needs a new stream */
  let streamClient: ApiClient | null = null
  const listeners = new Set<(event: NodeEventDto) => void>()

  /** Hear every node event, before the store handles it (so the outbox still tracks a transaction that settles). */
  function subscribe(listener: (event: NodeEventDto) => void): () => void {
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
    }
  }

  const refreshBlocks = serialize(async (client: ApiClient) => {
    try {
      blocks.value = await client.blocks(RECENT_BLOCKS)
      blocksLoaded.value = true
      blocksError.value = null
    } catch (err) {
      blocksError.value = messageOf(err)
    }
  })

  const refreshStatus = serialize(async (client: ApiClient) => {
    const previousHeight = status.value?.height
    try {
      // the first status was asked for at start (api/early.ts); if that failed, it is asked again here
      status.value = (await takeEarlyStatus(client.baseUrl)) ?? (await client.status())
      apiError.value = null
      setupRequired.value = false
      connection.setReachable(true)
    } catch (err) {
      if (err instanceof ApiError && !err.unreachable) setupRequired.value = err.code === 'SETUP_REQUIRED'
      if (err instanceof ApiError && !err.unreachable) {
        apiError.value = err.message
        connection.setReachable(true)
      } else {
        connection.setReachable(false)
      }
      throw err
    }
    if (!blocksLoaded.value || status.value.height !== previousHeight) await refreshBlocks(client)
  })

  /** one poll loop at a time: a tick asked for while one runs makes that one go again at once */
  let ticking = false
  let tickAgain = false

  async function tick(): Promise<void> {
    timer = undefined
    if (!running) return
    if (ticking) {
      tickAgain = true
      return
    }
    ticking = true
    let delay = POLL_MS
    try {
      const client = await connection.ensureClient()
      openEvents(client)
      await refreshStatus(client)
      failures = 0
    } catch {
      delay = backoffDelay(failures++)
    }
    ticking = false
    if (tickAgain) {
      tickAgain = false
      delay = 0
    }
    clearTimeout(timer)
    if (running) timer = setTimeout(() => void tick(), delay)
  }

  function openEvents(client: ApiClient): void {
    if (stream && streamClient === client) return
    stream?.close()
    streamClient = client
    stream = client.events({
      onOpen: () => {
        connection.setEventsConnected(true)
        void refreshStatus(client).catch(() => undefined)
      },
      onClose: () => {
        connection.setEventsConnected(false)
        // find out at once whether the node is gone, rather than at the next poll
        void refreshStatus(client).catch(() => undefined)
      },
      onEvent: (event) => onEvent(client, event),
    })
  }

  function onEvent(client: ApiClient, event: NodeEventDto): void {
    for (const listener of listeners) {
      try {
        listener(event)
      } catch (err) {
        console.error('node event listener failed', err)
      }
    }
    switch (event.type) {
      case 'hello':
        status.value = event.status
        connection.setReachable(true)
        break
      case 'block':
        void refreshStatus(client).catch(() => undefined)
        break
      case 'tx.committed':
      case 'tx.rejected':
        outbox.settle(event.hash)
        break
    }
  }

  /** Asks the node for its status now (a user's "refresh"); failures show as the store's error state. */
  async function refresh(): Promise<void> {
    try {
      await refreshStatus(await connection.ensureClient())
    } catch {
      // reflected in apiError / reachable
    }
  }

  // signed in again (a new link after the node restarted): poll and listen with the new client at once
  watch(
    () => connection.client,
    (client) => {
      if (!client || !running) return
      clearTimeout(timer)
      failures = 0
      void tick()
    },
  )

  /** Starts polling and the event stream. Idempotent. */
  function start(): void {
    if (running) return
    running = true
    void tick()
  }

  function stop(): void {
    running = false
    clearTimeout(timer)
    timer = undefined
    stream?.close()
    stream = null
    streamClient = null
    connection.setEventsConnected(false)
  }

  return { status, blocks, blocksLoaded, blocksError, apiError, setupRequired, syncState, catchUp, start, stop, subscribe, refresh }
})

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

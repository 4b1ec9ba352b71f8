import { setFlagsFromString } from 'node:v8'

/**
 * How far V8 lets the JS heap grow past what the last full collection kept, in percent (docs/adr/0040). V8's own
 * factor goes up to 4× for a process allocating fast, as a node executing blocks does: ~80 MB live became ~200 MB
 * committed, most of the node's RSS above 500 MB. 1.5× keeps the committed heap near the live one for a few more
 * full collections. V8 reads the flag at each collection, so setting it when the node starts is enough for both ways
 * a node runs (`daejang start` in the command's process, the app's node process).
 */
export const NODE_HEAP_GROWING_PERCENT = 50

export function boundNodeHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${NODE_HEAP_GROWING_PERCENT}`)
}

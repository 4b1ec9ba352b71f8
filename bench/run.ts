/** Runs every benchmark in bench/ in turn. Figures are printed; copy them into bench/RESULTS.md. */
await import('./ledger')
export {}

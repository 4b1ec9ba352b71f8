/** Runs every benchmark in bench/ in turn. Figures are printed; copy them into bench/RESULTS.md. */
console.log('== ledger (bench/ledger.ts) ==')
await import('./ledger')
console.log('\n== state tree (bench/state-tree.ts; --keys, default 1,000,000) ==')
await import('./state-tree')
console.log('\n== app start-up (bench/startup.ts) ==')
await import('./startup')
export {}

/**
 * Signatures verified once per node: a transaction whose signature was checked at admission is not checked again
 * when its block executes. Keyed by transaction hash, which covers the signature. Bounded, oldest dropped first.
 */
export const SIG_CACHE_DEFAULT = 65_536

export class SigCache {
  private readonly set = new Set<string>()
  /**
   * 65,536 hashes (~100 B of heap each: a 64-character string and its slot, ~7 MB): six default mempools' worth
   * (docs/adr/0040). A node whose mempool holds more gets a bigger cache (LedgerNode).
   */
  constructor(private readonly max = SIG_CACHE_DEFAULT) {}
  add(hashHex: string): void {
    if (this.set.size >= this.max) this.set.delete(this.set.values().next().value as string)
    this.set.add(hashHex)
  }
  has(hashHex: string): boolean {
    return this.set.has(hashHex)
  }
  delete(hashHex: string): void {
    this.set.delete(hashHex)
  }
  get size(): number {
    return this.set.size
  }
}

/**
 * Signatures verified once per node: a transaction whose signature was checked at admission is not checked again
 * when its block executes. Keyed by transaction hash, which covers the signature. Bounded, oldest dropped first.
 */
export class SigCache {
  private readonly set = new Set<string>()
  constructor(private readonly max = 200_000) {}
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

/**
 * Compatibility shims, imported first by every process entry. Node 20 lacks Promise.withResolvers (Node 22+),
 * which libp2p 3.x needs.
 */
interface Resolvers<T> {
  promise: Promise<T>
  resolve: (v: T | PromiseLike<T>) => void
  reject: (e?: unknown) => void
}

const P = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> }
if (typeof P.withResolvers !== 'function') {
  P.withResolvers = function withResolvers<T>(): Resolvers<T> {
    let resolve!: (v: T | PromiseLike<T>) => void
    let reject!: (e?: unknown) => void
    const promise = new Promise<T>((res, rej) => {
      resolve = res
      reject = rej
    })
    return { promise, resolve, reject }
  }
}

export {}

/**
 * An address asked for while the app starts (a link followed, a screen chosen by its address, before the first
 * screen is shown) is not lost. Vue Router listens to the address only once its first navigation has finished, and
 * that navigation then writes its own address over the one asked for in between; this keeps the last one asked for
 * and goes there once the router is ready. A sign-in fragment (`#token=…`, `#code=…`) is left to the app's own
 * handler (App.vue).
 */
export interface StartHashRouter {
  isReady(): Promise<unknown>
  readonly currentRoute: { readonly value: { readonly fullPath: string } }
  replace(path: string): Promise<unknown>
}

export interface StartHashWindow {
  readonly location: { readonly hash: string }
  addEventListener(type: 'hashchange', listener: () => void): void
  removeEventListener(type: 'hashchange', listener: () => void): void
}

/** The route a fragment names (`#/elections` → `/elections`; an empty fragment → `/`). */
export function routeOfHash(hash: string): string {
  const path = hash.replace(/^#/, '')
  if (path === '') return '/'
  return path.startsWith('/') ? path : `/${path}`
}

/** Resolves once the router is ready and, when an address was asked for meanwhile, once it has gone there. */
export async function keepAddressAskedAtStart(
  router: StartHashRouter,
  win: StartHashWindow,
  isSignIn: (hash: string) => boolean,
): Promise<void> {
  let asked: string | null = null
  const onChange = (): void => {
    asked = win.location.hash
  }
  win.addEventListener('hashchange', onChange)
  try {
    await router.isReady()
  } catch {
    // the first navigation failed; the router shows what it can, and a later address change is heard as usual
  } finally {
    win.removeEventListener('hashchange', onChange)
  }
  if (asked === null || isSignIn(asked)) return
  const path = routeOfHash(asked)
  if (path !== router.currentRoute.value.fullPath) await router.replace(path).catch(() => undefined)
}

/**
 * Tests import the renderer's feature list (features/registry.ts), whose routes load screens with dynamic imports of
 * .vue files. The tests never load a screen; vue-tsc type-checks the screens in the renderer's program
 * (tsconfig.web.json). This lets the Node program (tsconfig.json) type-check the tests that read the list.
 */
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent
  export default component
}

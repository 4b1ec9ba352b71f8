/** Types for scripts/build-wasm.mjs (docs/adr/0069), for the test that rebuilds the module. */
export declare const CLANG_FLAGS: string[]
export declare function clangVersion(): string
export declare function build(outDir: string): Buffer

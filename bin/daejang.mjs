#!/usr/bin/env node
// The `daejang` command. Runs the JavaScript build in out/cli (made by `npm run build`, and here on first use or when
// a source file changed since: scripts/cli-build.mjs). DAEJANG_DEV=1 runs the TypeScript sources through tsx instead.
if (process.env.DAEJANG_DEV === '1') {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/server/cli/main.ts')
} else {
  const { ensureCli } = await import('../scripts/cli-build.mjs')
  const entry = await ensureCli({
    onBuild: (state) => {
      if (process.stderr.isTTY) process.stderr.write(`daejang: building the command line (${state === 'missing' ? 'first run' : 'sources changed'})…\n`)
    },
  })
  await import(entry)
}

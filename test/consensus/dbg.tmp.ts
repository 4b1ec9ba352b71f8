import { runSim } from '/work/main/test/consensus/sim'
const seed = Number(process.argv[2])
const r = runSim({ seed, trace: (l) => console.log(l) })
console.log(JSON.stringify(r))

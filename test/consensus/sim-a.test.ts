import { simulationSuite } from './simulation'

simulationSuite('consensus simulation (a)', 0, 120)

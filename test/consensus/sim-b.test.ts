import { simulationSuite } from './simulation'

simulationSuite('consensus simulation (b)', 300, 300)

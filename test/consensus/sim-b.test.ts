import { simulationSuite } from './simulation'

simulationSuite('consensus simulation (b)', 120, 120)

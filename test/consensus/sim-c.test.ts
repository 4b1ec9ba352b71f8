import { simulationSuite } from './simulation'

simulationSuite('consensus simulation (c)', 240, 120)

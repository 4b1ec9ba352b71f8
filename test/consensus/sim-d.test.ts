import { simulationSuite } from './simulation'

simulationSuite('consensus simulation (d)', 360, 120)

/**
 * Imported first by main.ts, for its effect: ES modules evaluate in import order, so the first requests (api/early.ts)
 * start before Vue, naive-ui and the app's modules are evaluated.
 */
import { startEarly } from './early'

startEarly()

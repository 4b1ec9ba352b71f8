/**
 * The setup routes of a node that runs (docs/adr/0063): the first-run choice is made, so the setup's phase is
 * `running` and every further choice is refused with SETUP_DONE, whichever server answers (the setup's before the
 * node takes it over, the node's after).
 */
import { z } from 'zod'
import { DaejangError } from '../../shared/errors'
import type { Route } from '../route-types'

export const SETUP_ROUTES: Route[] = [
  {
    method: 'GET',
    path: '/api/v1/setup',
    summary: "The first-run setup's phase: this node runs (the choice was made)",
    handler: async () => ({ body: { phase: 'running', result: null, error: null } }),
  },
  {
    method: 'POST',
    path: '/api/v1/setup/:step',
    summary: 'A first-run choice or check: refused, the choice was made (SETUP_DONE)',
    params: z.object({ step: z.string().max(40) }),
    handler: async () => {
      throw new DaejangError('SETUP_DONE')
    },
  },
]

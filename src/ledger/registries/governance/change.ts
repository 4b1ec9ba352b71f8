/** A governance change in one technical English line (the node's proposal list; people read the words instead). */
import type { Change } from './portable/schema'

export function describeChange(c: Change): string {
  switch (c.kind) {
    case 'agency.admit':
      return `admit agency ${c.agency.id}${c.agency.validator ? ` (validator power ${c.agency.validator.power})` : ''}`
    case 'agency.remove':
      return `remove agency ${c.agency}`
    case 'validator.set':
      return c.validator ? `validator of ${c.agency}: power ${c.validator.power}` : `${c.agency} stops validating`
  }
}

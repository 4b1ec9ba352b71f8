/** Table cells shared by the explorer's screens (render functions for NDataTable). */
import { h, type VNodeChild } from 'vue'
import { RouterLink } from 'vue-router'
import HexLink from '../../components/HexLink.vue'

export const blockPath = (height: number): string => `/explorer/blocks/${height}`
export const txPath = (hash: string): string => `/explorer/txs/${hash}`
export const signerPath = (key: string): string => `/explorer/signers/${key}`

export function blockLink(height: number, text: string): VNodeChild {
  return h(RouterLink, { to: blockPath(height), class: 'num' }, () => text)
}

export function hexCell(value: string, to: string | null = null): VNodeChild {
  return h(HexLink, { value, to })
}

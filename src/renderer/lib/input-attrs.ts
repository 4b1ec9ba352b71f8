import type { InputHTMLAttributes } from 'vue'

/**
 * naive-ui's `input-props` (attributes of the inner <input>) including `data-*` ones such as data-testid, which Vue's
 * attribute types do not list.
 */
export function inputAttrs(attrs: InputHTMLAttributes & { [key: `data-${string}`]: string }): InputHTMLAttributes {
  return attrs
}

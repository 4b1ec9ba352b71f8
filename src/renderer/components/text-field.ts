/** What a text field takes on every screen, naive-ui's (FormText.vue) or plain HTML (FormPlainText.vue). */
export interface TextFieldProps {
  /** the element id of the control (the label's `for`) */
  id: string
  label: string
  testid: string
  /** said under the control, which it describes */
  hint?: string | undefined
  /** machine text (keys, numbers): monospace, no spell check */
  code?: boolean
}

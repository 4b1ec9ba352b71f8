/**
 * The polling-station kiosk (ADR 0056): the booth asks main to put its window in kiosk mode (full screen, no window
 * frame or system shortcuts to other windows) and to take it out once an election official confirmed. One channel,
 * one boolean; main answers with the window's kiosk state after the change.
 */
export const KIOSK_CHANNEL = 'daejang:kiosk'

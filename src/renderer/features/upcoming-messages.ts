/** The messages every not-yet-built register has (features/upcoming.ts). Kept apart so tests can import them. */
export interface UpcomingMessages {
  nav: string
  title: string
  intro: string
  later: string
  meanwhile: string
}

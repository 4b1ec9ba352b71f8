/**
 * Limits on untrusted certificate files, in a module of their own so that what only checks a size (the CLI's file
 * reading, at start-up) does not load the PDF reader.
 */

/** The largest certificate accepted (a certificate is a page or two; the CLI and the Verify screen refuse more). */
export const MAX_CERTIFICATE_BYTES = 16 << 20

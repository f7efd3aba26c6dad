/** A Unix time in seconds as an ISO 8601 UTC string without milliseconds (`'2024-03-01T12:00:00Z'`). */
export function isoTime(seconds: bigint | number): string {
  return new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z')
}

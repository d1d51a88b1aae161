/** A Date as a ClickHouse DateTime64(3) parameter (UTC, 'YYYY-MM-DD hh:mm:ss.sss'). */
export function chTime(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

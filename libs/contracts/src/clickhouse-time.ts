// A batch's rows share their receivedAt and sentAt (and often their timestamps): a
// few remembered conversions spare most toISOString calls on the ingestion path.
const CH_TIME_MEMO = 4;
const memoMs = new Array<number>(CH_TIME_MEMO).fill(NaN);
const memoText = new Array<string>(CH_TIME_MEMO).fill('');
let memoNext = 0;

/** ClickHouse DateTime64(3) text for a Date (UTC), for inserted rows and query parameters alike. */
export function chTime(d: Date): string {
  const ms = d.getTime();
  for (let i = 0; i < CH_TIME_MEMO; i++) if (memoMs[i] === ms) return memoText[i];
  const text = d.toISOString().slice(0, 23).replace('T', ' ');
  memoMs[memoNext] = ms;
  memoText[memoNext] = text;
  memoNext = (memoNext + 1) % CH_TIME_MEMO;
  return text;
}

/** Inverse of chTime, for rows read back from ClickHouse. */
export function fromChTime(s: string): Date {
  return new Date(s.replace(' ', 'T') + 'Z');
}

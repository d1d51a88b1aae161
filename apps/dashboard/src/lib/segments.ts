/** Segment keys are `<family>:<name>` ("rfm:Champions", "value:high", "custom:vip"); the chart shows one family at a time. */
export const FAMILY_LABELS: Record<string, string> = {
  rfm: 'RFM',
  value: 'Value tier',
  frequency: 'Frequency',
  lifecycle: 'Lifecycle',
  sales: 'Sales stage',
  custom: 'Custom',
};

export function familyOf(key: string): string {
  const i = key.indexOf(':');
  return i > 0 ? key.slice(0, i) : 'other';
}

/** Families present, in a stable order (known ones first), and one family's segments largest first with short names. */
export function segmentFamilies(rows: { segmentKey: string; size: number }[]): string[] {
  const known = Object.keys(FAMILY_LABELS);
  const present = [...new Set(rows.map((r) => familyOf(r.segmentKey)))];
  return present.sort((a, b) => (known.indexOf(a) + 1 || 99) - (known.indexOf(b) + 1 || 99) || a.localeCompare(b));
}

export function segmentsOf(rows: { segmentKey: string; size: number }[], family: string): { segmentKey: string; name: string; size: number }[] {
  return rows
    .filter((r) => familyOf(r.segmentKey) === family)
    .map((r) => ({ segmentKey: r.segmentKey, name: r.segmentKey.slice(r.segmentKey.indexOf(':') + 1), size: r.size }))
    .sort((a, b) => b.size - a.size || a.name.localeCompare(b.name));
}

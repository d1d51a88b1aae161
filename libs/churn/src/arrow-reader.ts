import type { ClickHouseClient } from '@clickhouse/client';
import { RecordBatchReader, Table } from 'apache-arrow';

export type ColumnData = Record<string, (number | null)[] | string[]>;

/**
 * Runs a SELECT as `FORMAT ArrowStream` and returns its columns. ClickHouse
 * compresses Arrow with LZ4 by default and apache-arrow cannot decode it, hence
 * the setting; `resultSet.stream()` refuses ArrowStream, hence `exec`.
 */
export async function queryArrow(client: ClickHouseClient, query: string, params: Record<string, unknown>): Promise<{ rows: number; columns: ColumnData }> {
  const { stream } = await client.exec({
    query: `${query}\nSETTINGS output_format_arrow_compression_method = 'none'\nFORMAT ArrowStream`,
    query_params: params,
  });
  const reader = await RecordBatchReader.from(stream as unknown as AsyncIterable<Uint8Array>);
  const batches = [];
  for await (const batch of reader) batches.push(batch);
  if (batches.length === 0) return { rows: 0, columns: {} };
  const table = new Table(batches);
  const columns: ColumnData = {};
  for (const field of table.schema.fields) {
    const v = table.getChild(field.name)!;
    if (String(field.type) === 'Utf8' || String(field.type) === 'Binary') {
      columns[field.name] = v.toArray() as unknown as string[];
      if (!Array.isArray(columns[field.name])) columns[field.name] = Array.from({ length: table.numRows }, (_, i) => String(v.get(i)));
      continue;
    }
    const arr = v.toArray() as ArrayLike<number | bigint>;
    const out: (number | null)[] = new Array(table.numRows);
    const nullable = v.nullCount > 0;
    for (let i = 0; i < table.numRows; i++) out[i] = nullable && !v.isValid(i) ? null : Number(arr[i]);
    columns[field.name] = out;
  }
  return { rows: table.numRows, columns };
}

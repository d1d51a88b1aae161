import { renderMigration, splitStatements } from './migration-template';

const SQL = `-- header
CREATE TABLE IF NOT EXISTS {{LOCAL events}} {{ON_CLUSTER}} (id UUID, v DateTime64(3))
ENGINE = {{ENGINE ReplacingMergeTree(v)}}
ORDER BY id;

-- @distributed events BY cityHash64(id)
`;

describe('renderMigration', () => {
  it('renders plain single-node DDL without a cluster', () => {
    expect(renderMigration(SQL, { database: 'ns' })).toEqual([
      'CREATE TABLE IF NOT EXISTS events  (id UUID, v DateTime64(3))\nENGINE = ReplacingMergeTree(v)\nORDER BY id',
    ]);
  });

  it('renders ON CLUSTER, Replicated engines and a Distributed table over the local one', () => {
    const [local, distributed] = renderMigration(SQL, { database: 'ns', cluster: 'prod' });
    expect(local).toContain('CREATE TABLE IF NOT EXISTS events_local ON CLUSTER prod');
    expect(local).toContain(`ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', v)`);
    expect(distributed).toBe(
      'CREATE TABLE IF NOT EXISTS events ON CLUSTER prod AS events_local ENGINE = Distributed(prod, ns, events_local, cityHash64(id))',
    );
  });

  it('splits statements on line-ending semicolons only', () => {
    expect(splitStatements("SELECT ';' AS a;\nSELECT 2;")).toEqual(["SELECT ';' AS a", 'SELECT 2']);
  });
});

/** One line of the benchmark table. `ceiling` is the same measurement on the bare machine. */
export interface BenchRow {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  ceiling?: number;
  /** Human statement of the goal, e.g. "<= 10 ms". */
  target?: string;
  met?: boolean;
}

export function formatTable(rows: BenchRow[]): string {
  const header = ['Scenario', 'Metric', 'Value', 'Machine ceiling', 'Ratio', 'Target', 'Met'];
  const lines = rows.map((row) => [
    row.scenario,
    row.metric,
    `${row.value} ${row.unit}`,
    row.ceiling === undefined ? '' : `${row.ceiling} ${row.unit}`,
    row.ceiling ? `${Math.round((row.value / row.ceiling) * 10) / 10}x` : '',
    row.target ?? '',
    row.met === undefined ? '' : row.met ? 'yes' : 'NO',
  ]);
  const all = [header, header.map(() => '---'), ...lines];
  return all.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** A list as a table: a header per column and, for each row, a cell per column. */
import type { ReactNode } from 'react';

export function DataTable<T>(props: {
  readonly columns: readonly string[];
  readonly rows: readonly T[];
  readonly rowKey: (row: T) => string;
  readonly cells: (row: T) => readonly ReactNode[];
  /** The tbody's data-testid, which the browser test reads. */
  readonly testId: string;
  /** Wide tables scroll sideways on a phone. */
  readonly scroll?: boolean;
}) {
  const table = (
    <table>
      <thead>
        <tr>
          {props.columns.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed for the table's life
            <th key={i}>{c}</th>
          ))}
        </tr>
      </thead>
      <tbody data-testid={props.testId}>
        {props.rows.map((row) => (
          <tr key={props.rowKey(row)}>
            {props.cells(row).map((cell, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a cell's place is its column
              <td key={i}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return props.scroll ? <div className="scroll">{table}</div> : table;
}

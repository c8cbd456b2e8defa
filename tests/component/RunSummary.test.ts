import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import RunSummary from '../../src/lib/view/RunSummary.svelte';
import type { TraceEvent } from '../../src/lib/sim/types';

const events: TraceEvent[] = [
  {
    i: 0,
    t: 6,
    kind: 'deliver',
    node: 'master-1',
    msg: 'ElectedLeader',
    fx: [
      {
        k: 'log',
        node: 'master-1',
        level: 'INFO',
        logger: 'Master',
        text: 'I have been elected leader! New state: ALIVE',
      },
    ],
  },
  { i: 1, t: 15_000, kind: 'timer', node: 'worker-1', name: 'SendHeartbeat', fx: [] },
];

const masters = [
  {
    id: 'master-1',
    state: 'ALIVE',
    workers: [{ id: 'worker-1', state: 'ALIVE', cores: 4, coresUsed: 2, memory: 4096, memoryUsed: 1024 }],
  },
];

describe('RunSummary', () => {
  it('shows the event count, the hash, the master’s state and its workers like Spark’s UI', () => {
    render(RunSummary, { props: { name: 'demo', hash: 'abc123', events, masters } });
    expect(screen.getByRole('heading', { name: 'demo' })).toBeInTheDocument();
    expect(screen.getByTestId('event-count')).toHaveTextContent('2');
    expect(screen.getByTestId('trace-hash')).toHaveTextContent('abc123');
    expect(screen.getByText('ALIVE', { selector: '.badge' })).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Workers known to master-1' });
    const row = within(table).getAllByRole('row')[1];
    expect(row).toHaveTextContent('worker-1');
    expect(row).toHaveTextContent('4 (2 Used)');
    expect(row).toHaveTextContent('4096 MB (1024 MB Used)');
  });

  it('prints log effects as Spark log lines with virtual time and daemon', () => {
    render(RunSummary, { props: { name: 'demo', hash: 'h', events, masters: [] } });
    expect(screen.getByTestId('log').textContent).toBe(
      '[00:00.006] master-1  25/06/01 09:00:00 INFO Master: I have been elected leader! New state: ALIVE',
    );
  });

  it('caps the log at maxLines', () => {
    const many: TraceEvent[] = Array.from({ length: 5 }, (_, i) => ({
      i,
      t: i,
      kind: 'timer',
      node: 'w',
      fx: [{ k: 'log', node: 'w', level: 'INFO', logger: 'Worker', text: `line ${i}` }],
    }));
    render(RunSummary, { props: { name: 'x', hash: 'h', events: many, masters: [], maxLines: 3 } });
    expect(screen.getByTestId('log').textContent?.split('\n')).toHaveLength(3);
  });
});

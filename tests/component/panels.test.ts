/**
 * Each panel of the page, rendered with Testing Library. Most draw a fixture trace written by
 * hand, with no simulation running (a panel draws the world, not a kernel); those that change a
 * run (a fault from the inspector, stepping past the end) drive an in-process simulation.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import Controls from '../../src/lib/view/Controls.svelte';
import Timeline from '../../src/lib/view/Timeline.svelte';
import Inspector from '../../src/lib/view/Inspector.svelte';
import EventLog from '../../src/lib/view/EventLog.svelte';
import NewClusterForm from '../../src/lib/view/NewClusterForm.svelte';
import InvariantBanner from '../../src/lib/view/InvariantBanner.svelte';
import HelpOverlay from '../../src/lib/view/HelpOverlay.svelte';
import Topology from '../../src/lib/view/Topology.svelte';
import SpaceTime from '../../src/lib/view/SpaceTime.svelte';
import { fixturePlayer, loadedPlayer, sharedLog } from './fixtures';
import { Player } from '../../src/lib/view/player.svelte';
import { catalog } from '../../src/lib/scenario/catalog';
import { resourceUsage } from '../../src/lib/view/cells';

const cursor = (p: { frame: { cursor: number } | null }) => p.frame?.cursor ?? -1;

describe('Controls', () => {
  it('steps forward and back through a recorded trace, and shows the speed on its log scale', async () => {
    const player = await fixturePlayer(0);
    render(Controls, { player });
    await fireEvent.click(screen.getByRole('button', { name: 'Step forward' }));
    await waitFor(() => expect(cursor(player)).toBe(1));
    await fireEvent.click(screen.getByRole('button', { name: 'Step forward' }));
    await waitFor(() => expect(cursor(player)).toBe(2));
    expect(screen.getByText('2 / 12 events')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Step back' }));
    await waitFor(() => expect(cursor(player)).toBe(1));
    await fireEvent.input(screen.getByRole('slider', { name: 'Speed' }), { target: { value: '2' } });
    expect(player.speed).toBe(100);
    expect(screen.getByText('100×')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    expect(player.playing).toBe(true);
    expect(await screen.findByRole('button', { name: 'Pause' })).toBeInTheDocument();
  });

  it('adds and removes breakpoints', async () => {
    const player = await fixturePlayer();
    render(Controls, { player });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Message type' }), { target: { value: 'Heartbeat' } });
    await fireEvent.click(screen.getAllByRole('button', { name: 'Add' })[0]);
    expect(player.breakpoints).toEqual([{ kind: 'message', type: 'Heartbeat' }]);
    await fireEvent.click(screen.getByRole('button', { name: 'Remove breakpoint Heartbeat delivered' }));
    expect(player.breakpoints).toEqual([]);
  });

  it('steps past the end of a simulation, which runs on', async () => {
    const player = await loadedPlayer();
    render(Controls, { player });
    await fireEvent.click(screen.getByRole('button', { name: 'Step forward' }));
    await waitFor(() => expect(cursor(player)).toBe(1));
    expect(screen.getByText('1 / 1 events')).toBeInTheDocument();
  });
});

describe('Timeline', () => {
  it('marks every fault and broken invariant of the trace, and seeks where it is dragged', async () => {
    const player = await fixturePlayer();
    const { container } = render(Timeline, { player });
    expect(container.querySelectorAll('path.fault')).toHaveLength(4);
    expect(container.querySelectorAll('rect.violation')).toHaveLength(1);
    await fireEvent.input(screen.getByRole('slider', { name: 'Timeline' }), { target: { value: '250' } });
    await waitFor(() => expect(player.frame?.time).toBe(250));
    // Events 0–6 happen at or before 250 ms.
    expect(cursor(player)).toBe(7);
  });

  it('keeps drawing when one event breaks two invariants', async () => {
    const player = await fixturePlayer(undefined, (trace) => {
      trace[9].fx.push({
        k: 'violation',
        node: 'master-1',
        rule: 'h7',
        text: 'a second rule broken by the same event',
      });
    });
    const { container } = render(Timeline, { player });
    expect(container.querySelectorAll('rect.violation')).toHaveLength(2);
  });
});

describe('Inspector', () => {
  it("shows a master's machine state, its status, its workers table, its timers and the last handler", async () => {
    const player = await fixturePlayer(5);
    player.selected = 'master-1';
    render(Inspector, { player });
    expect(screen.getByRole('heading', { name: 'master-1' })).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Workers' });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(within(table).getByText('ALIVE')).toBeInTheDocument();
    // Changed by the last event (event 4 registered the worker).
    expect(within(table).getAllByRole('row')[1]).toHaveClass('changed');
    expect(screen.getByRole('link', { name: 'deploy/master/Master.scala' })).toHaveAttribute(
      'href',
      expect.stringContaining('github.com/apache/spark/blob/v4.0.1/'),
    );
    expect(screen.getByText('CheckForWorkerTimeOut')).toBeInTheDocument();
    // The statechart loads on first open, and lights the state.
    await waitFor(() =>
      expect(document.querySelector('.statechart .state.active')?.getAttribute('data-state')).toBe('ALIVE'),
    );
  });

  it('lists the Spark methods the handler called on the way, each linked to its source', async () => {
    const player = await fixturePlayer(5, (trace) => {
      const master = (method: string) =>
        ({ k: 'handler', node: 'master-1', ref: { file: 'deploy/master/Master.scala', method } }) as const;
      trace[4].fx.push(master('registerWorker'), master('persist'), master('persist'), master('schedule'));
    });
    player.selected = 'master-1';
    render(Inspector, { player });
    expect(screen.getByText(/then calls/)).toBeInTheDocument();
    const calls = screen.getByText(/then calls/).closest('p') as HTMLElement;
    expect(
      within(calls)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['registerWorker', 'persist', 'schedule']);
    expect(within(calls).getByRole('link', { name: 'persist' })).toHaveAttribute(
      'href',
      expect.stringContaining('/deploy/master/Master.scala'),
    );
    expect(within(calls).getByText('×2')).toBeInTheDocument();
    // The handler the event entered stays the one named first.
    expect(screen.getByText('receive · case RegisterWorker')).toBeInTheDocument();
  });

  it('shows a STANDBY master as STANDBY, and a worker the leader calls DEAD as DEAD in its table', async () => {
    const player = await fixturePlayer(10);
    player.selected = 'master-2';
    const { unmount } = render(Inspector, { player });
    await waitFor(() =>
      expect(document.querySelector('.statechart .state.active')?.getAttribute('data-state')).toBe('STANDBY'),
    );
    unmount();
    player.selected = 'master-1';
    render(Inspector, { player });
    expect(within(screen.getByRole('table', { name: 'Workers' })).getByText('DEAD')).toBeInTheDocument();
  });

  it('injects a fault into a live simulation', async () => {
    const player = await loadedPlayer(20_000);
    player.selected = 'master-1';
    render(Inspector, { player });
    await fireEvent.click(screen.getByRole('button', { name: 'Kill' }));
    await waitFor(() =>
      expect(player.runDoc()?.injections).toEqual([
        expect.objectContaining({ fault: { action: 'kill', target: 'master-1' } }),
      ]),
    );
  });
});

describe('EventLog', () => {
  it('lists every event, filters by text and seeks where a row is clicked', async () => {
    const player = await fixturePlayer();
    render(EventLog, { player });
    const count = () => Number(screen.getByText(/events$/).textContent?.replace(/\D/g, ''));
    expect(count()).toBe(12);
    await fireEvent.input(screen.getByRole('searchbox', { name: 'Filter by text' }), {
      target: { value: 'RegisterWorker' },
    });
    await waitFor(() => expect(count()).toBe(1));
    const row = screen.getAllByRole('button').find((b) => b.textContent?.includes('RegisterWorker'));
    await fireEvent.click(row as HTMLElement);
    await waitFor(() => expect(cursor(player)).toBe(5));
  });

  it('the log bar says the version the wording narrows to, where no line prints it (04: before 1.3)', async () => {
    const { readLogsHere } = await import('../../src/lib/replay/read-logs');
    const LogSummary = (await import('../../src/lib/view/LogSummary.svelte')).default;
    const player = new Player({ runtime: 'inprocess' });
    await player.openLogs([sharedLog('04')], readLogsHere);
    render(LogSummary, { player, onopenscenario: () => undefined });
    expect(screen.getByRole('status').textContent).toContain(
      'Spark <1.3, from the wording (no line prints the version)',
    );
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('the log bar asks whether files eleven days apart are one incident (16 + 18)', async () => {
    const { readLogsHere } = await import('../../src/lib/replay/read-logs');
    const LogSummary = (await import('../../src/lib/view/LogSummary.svelte')).default;
    const player = new Player({ runtime: 'inprocess' });
    await player.openLogs([sharedLog('16'), sharedLog('18')], readLogsHere);
    render(LogSummary, { player, onopenscenario: () => undefined });
    expect(screen.getByRole('note').textContent).toBe(
      `${sharedLog('16').name} and ${sharedLog('18').name} are 11.5 days apart: one cluster’s one incident?`,
    );
  });

  it("a real log's rows and clock show its wall-clock time, and its ERROR line stands out (04)", async () => {
    const { readLogsHere } = await import('../../src/lib/replay/read-logs');
    const player = new Player({ runtime: 'inprocess' });
    await player.openLogs([sharedLog('04')], readLogsHere);
    await player.seek(1);
    const { container } = render(EventLog, { player });
    render(Controls, { player });
    const rows = [...container.querySelectorAll<HTMLElement>('.row')];
    expect(rows[0].querySelector('.t')?.textContent).toBe('02:23:02.000');
    expect(rows[0].title.split('\n')[0]).toBe('2014-11-23 02:23:02.000');
    await fireEvent.input(screen.getByRole('searchbox', { name: 'Filter by text' }), {
      target: { value: 'Duplicate worker ID' },
    });
    await waitFor(() => expect(container.querySelectorAll('.row')).toHaveLength(1));
    const failed = container.querySelector<HTMLElement>('.row')!;
    expect(failed.classList.contains('error')).toBe(true);
    expect(failed.querySelector('.t')?.textContent).toBe('02:23:47.000');
    await fireEvent.click(failed);
    await waitFor(() =>
      expect(screen.getByLabelText('Time in the log').querySelector('strong')?.textContent).toBe('02:23:47.000'),
    );
  });
});

describe('NewClusterForm', () => {
  it('answers bad values inline and hands a valid scenario over', async () => {
    const onload = vi.fn();
    render(NewClusterForm, { onload, oncancel: () => undefined });
    await fireEvent.input(screen.getByRole('textbox', { name: 'Workers' }), { target: { value: 'many' } });
    await fireEvent.input(screen.getByRole('textbox', { name: 'Worker memory' }), { target: { value: '12 parsecs' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(screen.getByText('Expected a whole number from 1 to 10000, got "many"')).toBeInTheDocument();
    expect(onload).not.toHaveBeenCalled();
    for (const padded of [' 3 ', '0x10', '1e2', '-3']) {
      await fireEvent.input(screen.getByRole('textbox', { name: 'Workers' }), { target: { value: padded } });
      await fireEvent.click(screen.getByRole('button', { name: 'Create' }));
      expect(screen.getByText(`Expected a whole number from 1 to 10000, got "${padded}"`)).toBeInTheDocument();
    }
    await fireEvent.input(screen.getByRole('textbox', { name: 'Workers' }), { target: { value: '7' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText(/memory/i, { selector: '.err' })).toBeInTheDocument();
    await fireEvent.input(screen.getByRole('textbox', { name: 'Worker memory' }), { target: { value: '2g' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(onload).toHaveBeenCalledOnce();
    expect(onload.mock.calls[0][0].workers).toEqual([
      { host: 'worker{i}', port: 7078, cores: 4, memory: '2g', count: 7 },
    ]);
    expect(onload.mock.calls[0][0].config['spark.version']).toBeUndefined();
  });

  it('chooses the Spark release the daemons speak (issue 19 §3)', async () => {
    const onload = vi.fn();
    render(NewClusterForm, { onload, oncancel: () => undefined });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Spark version (log wording)' }), {
      target: { value: '2.4' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(onload).toHaveBeenCalledOnce();
    expect(onload.mock.calls[0][0].config['spark.version']).toBe('2.4');
  });
});

describe('InvariantBanner', () => {
  it('names the broken rule once the cursor passes it', async () => {
    const player = await fixturePlayer(12);
    render(InvariantBanner, { player });
    expect(screen.getByRole('alert')).toHaveTextContent('Invariant h5 broken');
    await player.seek(5);
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });
});

describe('HelpOverlay', () => {
  it('lists the shortcuts and closes', async () => {
    const onclose = vi.fn();
    render(HelpOverlay, { onclose });
    expect(screen.getByRole('dialog', { name: 'Help' })).toHaveTextContent('Step back (the previous event)');
    await fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onclose).toHaveBeenCalled();
  });
});

describe('Topology', () => {
  it('a simulated node before its start is "not started", and DOWN only once it has run and been killed', async () => {
    const player = await loadedPlayer();
    const { container } = render(Topology, { player });
    const master = () => container.querySelector('[data-node="master-1"]')!;
    expect(master().querySelector('text.badge')?.textContent).toBe('not started');
    expect(master().classList.contains('down')).toBe(false);
    await player.runUntil(10_000);
    await player.inject({ action: 'kill', target: 'master-1' });
    await player.runUntil(11_000);
    await waitFor(() => expect(master().classList.contains('down')).toBe(true));
    expect(master().querySelector('text.badge')?.textContent).toBe('DOWN');
  });

  it('a replayed log draws a master that no line shows running as "state not logged", not DOWN (04)', async () => {
    const { readLogsHere } = await import('../../src/lib/replay/read-logs');
    const player = new Player({ runtime: 'inprocess' });
    await player.openLogs([sharedLog('04')], readLogsHere);
    await player.seek(player.frame!.world.events.length);
    const idAt = (address: string) => player.frame!.world.nodes.find((n) => n.address === address)!.id;
    const { container } = render(Topology, { player });
    const silent = container.querySelector(`[data-node="${idAt('172.17.0.88:7077')}"]`)!;
    expect(silent.classList.contains('down')).toBe(false);
    expect(silent.querySelector('text.badge')?.textContent).toBe('state not logged');
    // The master the worker lost is down.
    expect(container.querySelector(`[data-node="${idAt('172.17.0.86:7077')}"]`)?.classList.contains('down')).toBe(true);
    player.selected = idAt('172.17.0.88:7077');
    render(Inspector, { player });
    expect(await screen.findByText('state not logged', { selector: '.up' })).toBeInTheDocument();
  });

  it('draws every node with its state, a message in flight with its label, timer rings, and each side of a partition', async () => {
    const player = await fixturePlayer(5);
    await player.seekTime(115);
    const { container } = render(Topology, { player });
    expect(container.querySelectorAll('g.node')).toHaveLength(3);
    expect(container.querySelector('[data-node="master-2"]')?.getAttribute('data-state')).toBe('STANDBY');
    expect(container.querySelector('[data-node="master-2"] text.badge')?.textContent).toBe('STANDBY');
    expect(container.querySelector('[data-node="master-1"]')?.getAttribute('aria-label')).toContain('leader');
    await waitFor(() => expect(container.querySelector('g.dot[data-msg="RegisteredWorker"]')).not.toBeNull());
    expect(container.querySelector('g.dot text')?.textContent).toBe('RegisteredWorker');
    // A timer ring sits on top of the master's box (drawn after it).
    const master = container.querySelector('[data-node="master-1"]') as SVGGElement;
    const children = [...master.children];
    expect(children.findIndex((c) => c.matches('g.clock'))).toBeGreaterThan(
      children.findIndex((c) => c.matches('rect')),
    );
    // Clicking the node selects it.
    await fireEvent.click(container.querySelector('[data-node="worker-1"]') as Element);
    expect(player.selected).toBe('worker-1');
    // After the partition, the worker is drawn cut off, and it still believes it is registered
    // while the leader's table (after the timeout) calls it DEAD.
    await player.seek(10);
    await waitFor(() =>
      expect(container.querySelector('[data-node="worker-1"]')?.classList.contains('cut')).toBe(true),
    );
    expect(container.querySelector('[data-node="worker-1"] text.sub')?.textContent).toBe('Registered');
    expect(container.querySelector('[data-node="worker-1"] text.seen')?.textContent).toBe('master: DEAD');
    expect(container.querySelectorAll('.links line.severed').length).toBeGreaterThan(0);
  });
});

describe('custom resources on the page (issue 19 §2)', () => {
  it('the Master’s tables have a Resources column, with Spark’s words, when a worker has GPUs', async () => {
    const player = new Player({ runtime: 'inprocess' });
    await player.load(catalog.find((c) => c.file === '10-gpus-and-resource-profiles.json')!.doc);
    await player.runUntil(45_000);
    // The map's third bar reads the same cell (the bar itself is checked in Chromium, at full size).
    const row = player.frame!.world.table('master-1', 'workers').find((r) => r.row.address === 'gpu1:7078')!.row;
    expect(resourceUsage(row.resources)).toEqual([{ name: 'gpu', used: 3, total: 3 }]);
    expect(resourceUsage(null)).toEqual([]);
    player.selected = 'master-1';
    render(Inspector, { player });
    const workers = await screen.findByRole('table', { name: 'Workers' });
    expect(within(workers).getByRole('columnheader', { name: /Resources/ })).toBeInTheDocument();
    expect(within(workers).getAllByText('gpu: Free: [] / Used: [0, 1, 2]')).toHaveLength(2);
    const apps = screen.getByRole('table', { name: 'Applications' });
    expect(within(apps).getByText('1 → 2 (cores: 4, memory: 4096m, gpu: 2)')).toBeInTheDocument();
  });
});

describe('SpaceTime', () => {
  it('draws a lane per daemon and an arrow per message, resets its zoom, and seeks on click', async () => {
    const player = await fixturePlayer(6);
    const { container } = render(SpaceTime, { player });
    expect(container.querySelectorAll('text.lane-label')).toHaveLength(3);
    const arrows = container.querySelectorAll('line.arrow');
    expect(arrows.length).toBe(2);
    await fireEvent.click(arrows[0]);
    await waitFor(() => expect(cursor(player)).toBe(4));
    await fireEvent.click(screen.getByRole('button', { name: 'Back to the cursor (reset zoom)' }));
  });
});

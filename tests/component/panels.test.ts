/** Each panel of the page, rendered with Testing Library against a real (in-process) run. */
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
import { loadedPlayer } from './fixtures';

describe('Controls', () => {
  it('steps forward and back, and shows the speed on its log scale', async () => {
    const player = await loadedPlayer();
    render(Controls, { player });
    await fireEvent.click(screen.getByRole('button', { name: 'Step forward' }));
    await waitFor(() => expect(player.cursor).toBe(1));
    await fireEvent.click(screen.getByRole('button', { name: 'Step forward' }));
    await waitFor(() => expect(player.cursor).toBe(2));
    await fireEvent.click(screen.getByRole('button', { name: 'Step back' }));
    await waitFor(() => expect(player.cursor).toBe(1));
    await fireEvent.input(screen.getByRole('slider', { name: 'Speed' }), { target: { value: '2' } });
    expect(player.speed).toBe(100);
    expect(screen.getByText('100×')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    expect(player.playing).toBe(true);
    expect(await screen.findByRole('button', { name: 'Pause' })).toBeInTheDocument();
  });

  it('adds and removes breakpoints', async () => {
    const player = await loadedPlayer();
    render(Controls, { player });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Message type' }), { target: { value: 'Heartbeat' } });
    await fireEvent.click(screen.getAllByRole('button', { name: 'Add' })[0]);
    expect(player.breakpoints).toEqual([{ kind: 'message', type: 'Heartbeat' }]);
    await fireEvent.click(screen.getByRole('button', { name: 'Remove breakpoint Heartbeat delivered' }));
    expect(player.breakpoints).toEqual([]);
  });
});

describe('Timeline', () => {
  it('marks faults and seeks where it is dragged', async () => {
    const player = await loadedPlayer(60_000);
    player.inject({ action: 'kill', target: 'worker-2' });
    await player.runUntil(70_000);
    const { container } = render(Timeline, { player });
    expect(container.querySelectorAll('path.fault').length).toBe(1);
    await fireEvent.input(screen.getByRole('slider', { name: 'Timeline' }), { target: { value: '5000' } });
    await waitFor(() => expect(player.viewTime).toBe(5000));
    expect(player.events.at(player.cursor - 1)!.t).toBeLessThanOrEqual(5000);
    expect(player.events.at(player.cursor)!.t).toBeGreaterThan(5000);
  });
});

describe('Inspector', () => {
  it("shows a master's machine, its Workers table, the last handler, and injects a fault", async () => {
    const player = await loadedPlayer(20_000);
    player.selected = 'master-1';
    render(Inspector, { player });
    const table = await screen.findByRole('table', { name: 'Workers' });
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(within(table).getAllByText('ALIVE')).toHaveLength(3);
    // The statechart's machine definitions load on first open.
    await waitFor(() => expect(document.querySelector('li.active')?.getAttribute('data-state')).toBe('ALIVE'));
    expect(screen.getByRole('link', { name: 'deploy/master/Master.scala' })).toHaveAttribute(
      'href',
      expect.stringContaining('github.com/apache/spark/blob/v4.0.1/'),
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Kill' }));
    await waitFor(() => expect(player.session?.sim.injections).toHaveLength(1));
  });

  it('highlights what changed in the last step', async () => {
    const player = await loadedPlayer(1_000);
    player.selected = 'master-1';
    render(Inspector, { player });
    await waitFor(() => expect(document.querySelector('li.active')?.getAttribute('data-state')).toBe('ALIVE'));
    // Up to the master's handling of worker-1's RegisterWorker: a new row in its Workers table.
    for (;;) {
      const e = await player.step();
      if (!e || (e.node === 'master-1' && e.msg === 'RegisterWorker')) break;
    }
    await waitFor(() => expect(document.querySelectorAll('tr.changed').length).toBeGreaterThan(0));
  });
});

describe('EventLog', () => {
  it('filters by text and seeks where a row is clicked', async () => {
    const player = await loadedPlayer(30_000);
    render(EventLog, { player });
    const count = () => Number(screen.getByText(/events$/).textContent?.replace(/\D/g, ''));
    const all = count();
    expect(all).toBe(player.events.length);
    await fireEvent.input(screen.getByRole('searchbox', { name: 'Filter by text' }), {
      target: { value: 'RegisterWorker' },
    });
    await waitFor(() => expect(count()).toBeLessThan(all));
    const row = screen.getAllByRole('button').find((b) => b.textContent?.includes('RegisterWorker'));
    await fireEvent.click(row as HTMLElement);
    await waitFor(() => expect(player.events.at(player.cursor - 1)!.msg).toBe('RegisterWorker'));
  });
});

describe('NewClusterForm', () => {
  it('answers bad values inline and hands a valid scenario over', async () => {
    const onload = vi.fn();
    render(NewClusterForm, { onload, oncancel: () => undefined });
    await fireEvent.input(screen.getByRole('textbox', { name: 'Workers' }), { target: { value: 'many' } });
    await fireEvent.input(screen.getByRole('textbox', { name: 'Worker memory' }), { target: { value: '12 parsecs' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(screen.getByText('Expected a whole number from 1 to 1000, got "many"')).toBeInTheDocument();
    expect(onload).not.toHaveBeenCalled();
    await fireEvent.input(screen.getByRole('textbox', { name: 'Workers' }), { target: { value: '7' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText(/memory/i, { selector: '.err' })).toBeInTheDocument();
    await fireEvent.input(screen.getByRole('textbox', { name: 'Worker memory' }), { target: { value: '2g' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(onload).toHaveBeenCalledOnce();
    expect(onload.mock.calls[0][0].workers).toEqual([
      { host: 'worker{i}', port: 7078, cores: 4, memory: '2g', count: 7 },
    ]);
  });
});

describe('InvariantBanner', () => {
  it('names the broken rule once the cursor passes it', async () => {
    const player = await loadedPlayer(5_000);
    // The index is fed a copy of the trace in which event 3 broke a rule.
    const events = player.events.slice();
    events[3].fx.push({ k: 'violation', node: events[3].node, rule: 'h7', text: 'cores over-committed' });
    player.states.reset();
    player.states.sync(events);
    player.version++;
    render(InvariantBanner, { player });
    expect(screen.getByRole('alert')).toHaveTextContent('Invariant h7 broken');
    await player.seek(2);
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
  it('draws every node, a RegisterWorker dot in flight, and timer rings', async () => {
    const player = await loadedPlayer();
    while (!player.events.slice().some((e) => e.fx.some((f) => f.k === 'send' && f.msg.type === 'RegisterWorker')))
      await player.step();
    const { container } = render(Topology, { player });
    expect(container.querySelectorAll('g.node')).toHaveLength(player.session!.sim.kernel.nodeIds().length);
    await waitFor(() => expect(container.querySelector('g.dot[data-msg="RegisterWorker"]')).not.toBeNull());
    expect(container.querySelector('g.dot text')?.textContent).toBe('RegisterWorker');
    expect(container.querySelectorAll('path.ring').length).toBeGreaterThan(0);
    // Hovering a dot highlights its message everywhere and gives the dot its tooltip.
    const dot = container.querySelector('g.dot[data-msg="RegisterWorker"]') as SVGGElement;
    expect(dot.querySelector('title')).toBeNull();
    await fireEvent.pointerOver(dot.querySelector('path') as Element);
    expect(player.hoverMsg).toBe(Number(dot.getAttribute('data-id')));
    await waitFor(() =>
      expect(dot.querySelector('title')?.textContent).toMatch(/^RegisterWorker: worker-\d+ → master-1/),
    );
    expect(dot.classList.contains('hovered')).toBe(true);
    await fireEvent.pointerOut(dot.querySelector('path') as Element, { relatedTarget: container });
    expect(player.hoverMsg).toBeNull();
    await fireEvent.click(container.querySelector('[data-node="worker-1"]') as Element);
    expect(player.selected).toBe('worker-1');
  });
});

describe('SpaceTime', () => {
  it('draws a lane per daemon and an arrow per message, and seeks on click', async () => {
    const player = await loadedPlayer(8_000);
    const { container } = render(SpaceTime, { player });
    expect(container.querySelectorAll('g.lane')).toHaveLength(player.session!.sim.kernel.nodeIds().length);
    const arrows = container.querySelectorAll('line.arrow');
    expect(arrows.length).toBeGreaterThan(5);
    await fireEvent.click(arrows[0]);
    await waitFor(() => expect(player.cursor).toBeLessThan(player.events.length));
  });
});

/**
 * The statechart (issue 20 §1): drawn from `charts.json`, lit where the daemon is and on the arrow
 * its last event took, and clicking an arrow or a message shows the Spark code it runs.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import charts from '../../src/lib/statechart/charts.json';
import { litAt } from '../../src/lib/statechart/taken';
import type { ChartLayout } from '../../src/lib/statechart/types';
import Statechart from '../../src/lib/view/Statechart.svelte';
import Inspector from '../../src/lib/view/Inspector.svelte';
import { loadedPlayer } from './fixtures';

const master = (charts as unknown as Record<string, ChartLayout>).master;

describe('Statechart', () => {
  it('draws every state as a box and lights the one the daemon is in', () => {
    const { container } = render(Statechart, { chart: master, lit: litAt(master, 'STANDBY', null, []) });
    const states = [...container.querySelectorAll('.state')].map((g) => g.getAttribute('data-state'));
    expect(states).toEqual(master.states.map((s) => s.path));
    expect([...container.querySelectorAll('.state.active')].map((g) => g.getAttribute('data-state'))).toEqual([
      'STANDBY',
    ]);
    // The nested states are drawn inside RECOVERING, with their names.
    expect(container.querySelector('[data-state="RECOVERING.waiting"] text')?.textContent).toBe('waiting');
  });

  it("an arrow, clicked or chosen with the keyboard, shows Spark's handlers linked to the source", async () => {
    render(Statechart, { chart: master, lit: litAt(master, 'RECOVERING', null, []) });
    expect(screen.getByText('Click an arrow or a message to see the Spark code it runs.')).toBeInTheDocument();
    const arrow = screen.getByRole('button', { name: /^ElectedLeader: STANDBY → RECOVERING/ });
    await fireEvent.keyDown(arrow, { key: 'Enter' });
    const list = screen.getByRole('list', { name: 'Spark code it runs' });
    expect(within(list).getByText('receive · case ElectedLeader')).toBeInTheDocument();
    expect(within(list).getByText('beginRecovery')).toBeInTheDocument();
    expect(within(list).getAllByRole('link', { name: 'deploy/master/Master.scala' })[0]).toHaveAttribute(
      'href',
      expect.stringContaining('/deploy/master/Master.scala'),
    );
    // Space on an arrow is the arrow's, not the player's play/pause (it does not reach the page).
    const reached = vi.fn();
    window.addEventListener('keydown', reached);
    await fireEvent.keyDown(screen.getByRole('button', { name: /^CompleteRecovery: RECOVERING.waiting/ }), {
      key: ' ',
    });
    window.removeEventListener('keydown', reached);
    expect(reached).not.toHaveBeenCalled();
    expect(screen.getByText('RECOVERING.waiting')).toBeInTheDocument();
    // A message handled in place: the Master's Heartbeat, in every state.
    await fireEvent.click(screen.getByRole('button', { name: 'Heartbeat' }));
    expect(screen.getByText('receive · case Heartbeat')).toBeInTheDocument();
    expect(screen.queryByText('beginRecovery')).toBeNull();
  });
});

describe('Statechart in the inspector, from a run', () => {
  it("lights the arrow a worker's RegisteredWorker took, and only while that is the last event", async () => {
    const player = await loadedPlayer(10_000);
    const events = player.frame!.world.events;
    let at = -1;
    for (let i = 0; i < events.length && at < 0; i++) {
      const e = events.at(i)!;
      if (e.kind === 'deliver' && e.msg === 'RegisteredWorker' && e.node === 'worker-1') at = i;
    }
    expect(at).toBeGreaterThan(0);
    await player.seek(at + 1);
    player.selected = 'worker-1';
    const { container } = render(Inspector, { player });
    await waitFor(() => expect(container.querySelector('.statechart')).not.toBeNull());
    const arrow = () => container.querySelector('[data-edge="Registering->Registered"]');
    expect(arrow()).toHaveClass('taken');
    expect(container.querySelector('.state.active[data-state="Registered"]')).not.toBeNull();
    // One event earlier the worker was still registering; the arrow is not lit.
    await player.seek(at);
    await waitFor(() => expect(arrow()).not.toHaveClass('taken'));
    expect(container.querySelector('.state.active[data-state="Registering.Initial"]')).not.toBeNull();
  });
});

/**
 * The invariants panel (issue 20 §2): every rule the model checks (spec §h), green up to the
 * cursor, red once broken with a way there, amber for Spark's own behaviour.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import InvariantsPanel from '../../src/lib/view/InvariantsPanel.svelte';
import { INVARIANT_RULES } from '../../src/lib/spark/invariant-rules';
import { fixturePlayer } from './fixtures';

const n = INVARIANT_RULES.length;

describe('InvariantsPanel', () => {
  it('reads "kept" before the broken rule, and "1 broken" after, with the rule red and a way to it', async () => {
    const player = await fixturePlayer(3);
    render(InvariantsPanel, { player });
    expect(screen.getByText(`${n} invariants kept`)).toBeInTheDocument();
    await player.seek(player.frame!.world.events.length);
    await waitFor(() => expect(screen.getByText(`1 of ${n} invariants broken`)).toBeInTheDocument());
    await fireEvent.click(screen.getByRole('button', { name: `1 of ${n} invariants broken` }));
    const dialog = await screen.findByRole('dialog', { name: 'Invariants' });
    const h5 = dialog.querySelector('li[data-rule="h5"]') as HTMLElement;
    expect(h5).toHaveClass('broken');
    expect(within(h5).getByRole('img', { name: 'broken' })).toBeInTheDocument();
    expect(dialog.querySelectorAll('li.kept')).toHaveLength(n - 1);
    expect(within(h5).getByText(/A worker's coresUsed and memoryUsed/)).toBeInTheDocument();
    const go = within(h5).getByRole('button', { name: /^Go to event \d+$/ });
    const at = Number(/\d+/.exec(go.textContent ?? '')![0]);
    expect(at + 1).toBeLessThan(player.frame!.cursor);
    await fireEvent.click(go);
    await waitFor(() => expect(player.frame?.cursor).toBe(at + 1));
  });

  it("shows Spark's own behaviour in amber, not as broken", async () => {
    const player = await fixturePlayer(undefined, (trace) => {
      for (const e of trace) {
        const v = e.fx.findIndex((f) => f.k === 'violation');
        if (v >= 0) e.fx[v] = { k: 'known', node: 'master-1', rule: 'h5', text: 'counted twice, as Spark does' };
      }
    });
    render(InvariantsPanel, { player });
    await waitFor(() => expect(screen.getByText(`${n} invariants kept`)).toBeInTheDocument());
    // The button says so too, in amber beside the count.
    const button = screen.getByRole('button', { name: `${n} invariants kept· 1 as Spark does` });
    expect(button.querySelector('.dot')).toHaveClass('known');
    await fireEvent.click(button);
    const dialog = await screen.findByRole('dialog', { name: 'Invariants' });
    expect(dialog.querySelector('li[data-rule="h5"]')).toHaveClass('known');
  });
});

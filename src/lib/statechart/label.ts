/** Sizes the layout reserves and the drawing uses (`layout.ts` and `Statechart.svelte`). */
export const CHART_FONT = { state: 12, label: 10.5, charWidth: 0.6, labelLine: 13 };

/** How a transition is labelled: its event (`always` for an eventless one) and its guard in brackets. */
export function transitionLabelOf(t: { event: string; guard?: string }): string {
  return labelLines(t).join(' ');
}

/** The same as lines of an arrow's label: the guard on a line of its own, so arrows stay narrow. */
export function labelLines(t: { event: string; guard?: string }): string[] {
  const name = t.event || 'always';
  return t.guard ? [name, `[${t.guard}]`] : [name];
}

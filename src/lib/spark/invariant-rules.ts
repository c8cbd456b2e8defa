/**
 * The invariants the model checks after every event (spec §h), by their spec number, and whose
 * they are. The page lists them with their state at the cursor; each one's words are in the
 * catalog (`invariant_h1`…). A test fails when a checked rule is missing here.
 */
export type InvariantScope = 'cluster' | 'master' | 'worker' | 'app';

export interface InvariantRule {
  /** `h1`: spec §h, rule 1. */
  rule: string;
  scope: InvariantScope;
}

export const INVARIANT_RULES: readonly InvariantRule[] = [
  { rule: 'h1', scope: 'cluster' },
  { rule: 'h2', scope: 'master' },
  { rule: 'h3', scope: 'master' },
  { rule: 'h4', scope: 'master' },
  { rule: 'h5', scope: 'master' },
  { rule: 'h6', scope: 'master' },
  { rule: 'h7', scope: 'master' },
  { rule: 'h8', scope: 'master' },
  { rule: 'h9', scope: 'master' },
  { rule: 'h10', scope: 'master' },
  { rule: 'h11', scope: 'master' },
  { rule: 'h12', scope: 'master' },
  { rule: 'h13', scope: 'master' },
  { rule: 'h14', scope: 'master' },
  { rule: 'h15', scope: 'master' },
  { rule: 'h17', scope: 'worker' },
  { rule: 'h18', scope: 'worker' },
  { rule: 'h19', scope: 'worker' },
  { rule: 'h20', scope: 'worker' },
  { rule: 'h21', scope: 'worker' },
  { rule: 'h22', scope: 'worker' },
  { rule: 'h23', scope: 'app' },
];

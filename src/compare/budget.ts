import { type Spent, totalOf } from '../engine/run/spent';

/** What each side of a comparison may spend: model evaluations per chain (one unit per evaluation
 * of log p or of ∇log p, so gradient-free samplers pay for their density evaluations), or seconds
 * of its own engine calls. The budget covers everything the user pays for before the numbers
 * are read: the flow's training, warm-up and sampling. */
export interface Budget {
  readonly kind: BudgetKind;
  readonly amount: number;
}

export type BudgetKind = 'evaluations' | 'seconds';

/** The budget's unit spent so far (evaluations per chain, or seconds). */
export function spentIn(kind: BudgetKind, s: Spent, chains: number): number {
  return kind === 'evaluations' ? totalOf(s.evaluations) / chains : totalOf(s.ms) / 1000;
}

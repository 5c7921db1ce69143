import { create } from 'zustand';
import type { Budget, BudgetKind } from '../compare/budget';

/** What a new comparison starts with, per kind of budget: on SwiftShader 20 s lets HMC finish
 * warm-up and sample for most of it; 20,000 evaluations per chain do the same by count. */
export const DEFAULT_BUDGETS: Record<BudgetKind, number> = { evaluations: 20_000, seconds: 20 };

/** Compare mode's own choices: sampler B (A is the page's sampler) and the budget of each side. */
export interface CompareState {
  samplerB: string;
  budget: Budget;
  setSamplerB(id: string): void;
  setBudgetKind(kind: BudgetKind): void;
  setBudgetAmount(amount: number): void;
}

export const useCompare = create<CompareState>()((set) => ({
  samplerB: 'rwm',
  budget: { kind: 'seconds', amount: DEFAULT_BUDGETS.seconds },
  setSamplerB: (samplerB) => set({ samplerB }),
  setBudgetKind: (kind) => set({ budget: { kind, amount: DEFAULT_BUDGETS[kind] } }),
  setBudgetAmount: (amount) => set((s) => ({ budget: { ...s.budget, amount } })),
}));

import type { Session } from '../../state/session';

/** Explain mode: one chain's transitions, step by step (being built). */
export function ExplainView(_: { readonly session: Session | null }) {
  return null;
}

import { useEffect } from 'react';
import { modeActions } from '../state/actions';
import { useConfig } from '../state/config';
import { useUi } from '../state/ui';

export type ShortcutAction = 'toggle' | 'step' | 'reset' | 'help' | 'close';

export interface Shortcut {
  readonly action: ShortcutAction;
  /** KeyboardEvent.key, lower case. */
  readonly key: string;
  /** The aria-keyshortcuts value, and what the help overlay shows. */
  readonly keys: string;
  readonly does: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'toggle', key: ' ', keys: 'Space', does: 'Play or pause' },
  { action: 'step', key: 's', keys: 'S', does: 'Step: pause, then advance one frame (hold to repeat)' },
  { action: 'reset', key: 'r', keys: 'R', does: 'Reset: start again from the initial positions' },
  { action: 'help', key: '?', keys: '?', does: 'Open or close this help' },
  { action: 'close', key: 'escape', keys: 'Escape', does: 'Close this help' },
];

export const keysOf = (action: ShortcutAction) => SHORTCUTS.find((s) => s.action === action)!.keys;

/** The part of a KeyboardEvent the shortcuts read. */
export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly repeat: boolean;
  readonly isComposing?: boolean;
  readonly target: EventTarget | null;
}

type Target = {
  readonly tagName?: string;
  readonly type?: string;
  readonly isContentEditable?: boolean;
  getAttribute?(name: string): string | null;
};

/** Inputs that take no text: a letter typed there is a shortcut. */
const UNTYPED_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file']);
/** Controls that Space activates on their own (a shortcut as well would act twice). */
const SPACE_ACTIVATED = new Set(['BUTTON', 'A', 'SUMMARY', 'INPUT']);
const SPACE_ROLES = new Set(['button', 'tab', 'checkbox', 'switch', 'menuitem', 'radio', 'link']);

/** Where a key is text being typed (a select also takes letters: they pick an option). */
function typing({ tagName, type, isContentEditable }: Target): boolean {
  return isContentEditable === true || tagName === 'SELECT' || tagName === 'TEXTAREA'
    || (tagName === 'INPUT' && !UNTYPED_INPUTS.has(type ?? 'text'));
}

/** The shortcut a key press means, or null where the page should leave it alone. */
export function shortcutOf(e: KeyPress, helpOpen: boolean): ShortcutAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return null;
  const target = (e.target ?? {}) as Target;
  if (typing(target)) return null;
  const action = SHORTCUTS.find((s) => s.key === e.key.toLowerCase())?.action;
  if (!action) return null;
  // The help is modal: only its own keys work while it is open.
  if (action === 'close' ? !helpOpen : helpOpen && action !== 'help') return null;
  if (e.repeat && action !== 'step') return null;
  if (action === 'toggle' && (SPACE_ACTIVATED.has(target.tagName ?? '') || SPACE_ROLES.has(target.getAttribute?.('role') ?? ''))) return null;
  return action;
}

function onKeyDown(e: KeyboardEvent): void {
  const ui = useUi.getState();
  const action = shortcutOf(e, ui.helpOpen);
  if (!action) return;
  // Space would scroll the page; ? and the letters would type nowhere.
  e.preventDefault();
  if (action === 'help' || action === 'close') ui.set({ helpOpen: action === 'help' && !ui.helpOpen });
  else modeActions(useConfig.getState().mode)?.[action]();
}

/** Installs the page's keyboard shortcuts while the calling component is mounted. */
export function useShortcuts(): void {
  useEffect(() => {
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

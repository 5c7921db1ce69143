import { describe, expect, it } from 'vitest';
import { type KeyPress, shortcutOf, SHORTCUTS } from '../../src/ui/shortcuts';

/** A stand-in for the element a key press reaches. */
const element = (tagName: string, role: string | null = null, isContentEditable = false, type?: string) =>
  ({ tagName, type, isContentEditable, getAttribute: (name: string) => (name === 'role' ? role : null) }) as unknown as EventTarget;
const input = (type: string) => element('INPUT', null, false, type);

const press = (key: string, over: Partial<KeyPress> = {}): KeyPress => ({
  key, ctrlKey: false, metaKey: false, altKey: false, repeat: false, target: element('BODY'), ...over,
});

describe('keyboard shortcuts', () => {
  it('map Space, s, r and ? to play/pause, step, reset and help on the page', () => {
    expect(shortcutOf(press(' '), false)).toBe('toggle');
    expect(shortcutOf(press('s'), false)).toBe('step');
    expect(shortcutOf(press('S'), false)).toBe('step');
    expect(shortcutOf(press('r'), false)).toBe('reset');
    expect(shortcutOf(press('?'), false)).toBe('help');
    expect(shortcutOf(press('x'), false)).toBeNull();
    expect(shortcutOf(press('Escape'), false)).toBeNull();
  });

  it('leave keys alone while typing in a field or with a modifier held', () => {
    for (const target of [element('INPUT'), input('number'), input('text'), input('search'), element('SELECT'), element('TEXTAREA')]) {
      for (const key of [' ', 's', 'r', '?']) expect(shortcutOf(press(key, { target }), false)).toBeNull();
    }
    expect(shortcutOf(press('s', { target: element('DIV', null, true) }), false)).toBeNull();
    expect(shortcutOf(press('r', { ctrlKey: true }), false)).toBeNull();
    expect(shortcutOf(press('r', { metaKey: true }), false)).toBeNull();
    expect(shortcutOf(press('s', { altKey: true }), false)).toBeNull();
    expect(shortcutOf(press('s', { isComposing: true }), false)).toBeNull();
  });

  it('leave Space to the button, tab or checkbox that has focus (it activates it itself), not the letters', () => {
    expect(shortcutOf(press(' ', { target: element('BUTTON') }), false)).toBeNull();
    expect(shortcutOf(press(' ', { target: element('DIV', 'tab') }), false)).toBeNull();
    expect(shortcutOf(press(' ', { target: input('checkbox') }), false)).toBeNull();
    expect(shortcutOf(press('s', { target: element('BUTTON') }), false)).toBe('step');
    expect(shortcutOf(press('?', { target: input('checkbox') }), false)).toBe('help');
  });

  it('repeat only the step while a key is held', () => {
    expect(shortcutOf(press('s', { repeat: true }), false)).toBe('step');
    expect(shortcutOf(press(' ', { repeat: true }), false)).toBeNull();
    expect(shortcutOf(press('r', { repeat: true }), false)).toBeNull();
  });

  it('while the help is open, only ? and Escape (which close it) work', () => {
    expect(shortcutOf(press(' '), true)).toBeNull();
    expect(shortcutOf(press('s'), true)).toBeNull();
    expect(shortcutOf(press('r'), true)).toBeNull();
    expect(shortcutOf(press('?'), true)).toBe('help');
    expect(shortcutOf(press('Escape', { target: element('BUTTON') }), true)).toBe('close');
  });

  it('list one key per action', () => {
    expect(new Set(SHORTCUTS.map((s) => s.key)).size).toBe(SHORTCUTS.length);
    expect(new Set(SHORTCUTS.map((s) => s.action)).size).toBe(SHORTCUTS.length);
  });
});

import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createUnseenPause, type UnseenPause } from '../../src/embed/unseen-pause';
import { useConfig } from '../../src/state/config';

const playing = () => useConfig.getState().playing;
const setPlaying = (p: boolean) => useConfig.getState().set({ playing: p });
/** The pause reacts to a play after the store's notification (a microtask later). */
const settle = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('pausing while the widget cannot be seen', () => {
  let pause: UnseenPause;
  beforeEach(() => {
    setPlaying(true);
    pause = createUnseenPause();
  });
  afterEach(() => pause.dispose());

  test('a playing run pauses when unseen and plays again when seen', () => {
    pause.seen(false);
    expect(playing()).toBe(false);
    pause.seen(true);
    expect(playing()).toBe(true);
  });

  test("a reader's pause stands: seen again, the run stays paused", () => {
    setPlaying(false);
    pause.seen(false);
    pause.seen(true);
    expect(playing()).toBe(false);
  });

  test('a pause while seen after an unseen spell is not undone by the next one', () => {
    pause.seen(false);
    pause.seen(true);
    setPlaying(false);
    pause.seen(false);
    pause.seen(true);
    expect(playing()).toBe(false);
  });

  test('a play asked for while unseen waits until the widget is seen', async () => {
    setPlaying(false);
    pause.seen(false);
    setPlaying(true);
    await settle();
    expect(playing()).toBe(false);
    pause.seen(true);
    expect(playing()).toBe(true);
  });

  test('repeated unseen reports change nothing; disposed, it lets go', async () => {
    pause.seen(false);
    pause.seen(false);
    pause.seen(true);
    expect(playing()).toBe(true);
    pause.seen(false);
    pause.dispose();
    setPlaying(true);
    await settle();
    expect(playing()).toBe(true);
  });
});

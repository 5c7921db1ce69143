import { useLayoutEffect } from 'react';
import { useUi } from '../state/ui';

/** The theme and reduced-motion switches; they mark the root element, which the styles read. */
export function Preferences() {
  const { theme, reducedMotion, set } = useUi();

  // Before paint, so a stored dark theme never flashes light.
  useLayoutEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = theme;
    root.toggleAttribute('data-reduced-motion', reducedMotion);
  }, [theme, reducedMotion]);

  return (
    <div className="preferences" role="group" aria-label="Preferences">
      <label className="preference">
        <input type="checkbox" data-testid="dark-theme" checked={theme === 'dark'}
          onChange={(e) => set({ theme: e.target.checked ? 'dark' : 'light' })} />
        Dark theme
      </label>
      <label className="preference">
        <input type="checkbox" data-testid="reduced-motion" checked={reducedMotion}
          onChange={(e) => set({ reducedMotion: e.target.checked })} />
        Reduce motion
      </label>
    </div>
  );
}

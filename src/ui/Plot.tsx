import { useEffect, useRef, useState } from 'react';
import { useUi } from '../state/ui';
import { loadPlotly } from './plotly';

const CONFIG = { displayModeBar: false, responsive: true };

const BASE_LAYOUT = {
  height: 230,
  margin: { l: 48, r: 12, t: 34, b: 38 },
  paper_bgcolor: 'rgba(0,0,0,0)',
  legend: { orientation: 'h', x: 0, y: 1.18, font: { size: 10 } },
  bargap: 0,
};

/** The theme's colours for every chart, from the page's CSS variables (one palette for the page
 * and its plots); a template, so every axis a plot declares gets them under its own settings. */
function themeLayout(): object {
  const css = getComputedStyle(document.documentElement);
  const colour = (name: string) => css.getPropertyValue(name).trim();
  const axis = { gridcolor: colour('--line'), linecolor: colour('--line'), zerolinecolor: colour('--muted') };
  return {
    plot_bgcolor: colour('--plot-bg'),
    font: { family: 'system-ui, sans-serif', size: 11, color: colour('--ink') },
    template: { layout: { xaxis: axis, yaxis: axis } },
  };
}

/** Reduced motion: a plot that asks for transitions redraws without them. */
const STILL = { transition: { duration: 0 } };

interface Props {
  readonly label: string;
  readonly data: object[];
  readonly layout: object;
  readonly testId: string;
  /** Adds a button that saves the chart as `<testId>.png`. */
  readonly download?: boolean;
}

/** One Plotly chart; loads Plotly on first mount. */
export function Plot({ label, data, layout, testId, download = false }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const theme = useUi((s) => s.theme);
  const reducedMotion = useUi((s) => s.reducedMotion);

  useEffect(() => {
    let live = true;
    // Read here, after the theme's attribute is on the root (Preferences sets it before paint).
    const full = { ...BASE_LAYOUT, ...themeLayout(), ...layout, ...(reducedMotion ? STILL : {}) };
    loadPlotly()
      .then((plotly) => {
        if (live && ref.current) return plotly.react(ref.current, data, full, CONFIG);
      })
      .catch((e: unknown) => setError(`Plot unavailable: ${e instanceof Error ? e.message : String(e)}`));
    return () => {
      live = false;
    };
  }, [data, layout, theme, reducedMotion]);

  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) void loadPlotly().then((plotly) => plotly.purge(el));
    };
  }, []);

  const savePng = () => {
    const el = ref.current;
    if (!el) return;
    loadPlotly()
      .then((plotly) => plotly.downloadImage(el, { format: 'png', filename: testId }))
      .catch((e: unknown) => setError(`PNG unavailable: ${e instanceof Error ? e.message : String(e)}`));
  };

  return (
    <figure className="plot" data-testid={testId}>
      {download && (
        <button type="button" className="plot-download" aria-label={`Download ${label} as PNG`} onClick={savePng}>PNG</button>
      )}
      <div ref={ref} role="img" aria-label={label} />
      {error && <figcaption className="plot-error">{error}</figcaption>}
    </figure>
  );
}

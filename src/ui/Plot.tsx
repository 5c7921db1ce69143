import { useEffect, useRef, useState } from 'react';
import { loadPlotly } from './plotly';

const CONFIG = { displayModeBar: false, responsive: true };

const BASE_LAYOUT = {
  height: 230,
  margin: { l: 48, r: 12, t: 34, b: 38 },
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: '#ffffff',
  font: { family: 'system-ui, sans-serif', size: 11, color: '#334155' },
  legend: { orientation: 'h', x: 0, y: 1.18, font: { size: 10 } },
  bargap: 0,
};

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

  useEffect(() => {
    let live = true;
    loadPlotly()
      .then((plotly) => {
        if (live && ref.current) return plotly.react(ref.current, data, { ...BASE_LAYOUT, ...layout }, CONFIG);
      })
      .catch((e: unknown) => setError(`Plot unavailable: ${e instanceof Error ? e.message : String(e)}`));
    return () => {
      live = false;
    };
  }, [data, layout]);

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

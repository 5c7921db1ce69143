import { useMemo } from 'react';
import type { SamplerDecl } from '../../samplers/types';
import type { HealthPoint } from '../../state/stats';
import { Plot } from '../Plot';
import { coordColour, lineTrace, plotHeader, rightAxis } from './traces';

interface Series {
  readonly name: string;
  readonly value: (p: HealthPoint) => number;
  readonly yaxis: string;
  readonly color: string;
}

/** What the sampler reports, of acceptance, divergences and NUTS's tree depth (on its own axis). */
function healthSeries(reports: SamplerDecl['reports']): Series[] {
  const all: (Series | false)[] = [
    reports.includes('accepted') && { name: 'acceptance', value: (p) => p.acceptance, yaxis: 'y', color: coordColour(0) },
    reports.includes('divergent') && { name: 'divergence rate', value: (p) => p.divergenceRate, yaxis: 'y', color: '#e0443a' },
    reports.includes('treeDepth') && { name: 'mean tree depth', value: (p) => p.treeDepth, yaxis: 'y2', color: coordColour(1) },
  ];
  return all.filter((s) => s !== false);
}

interface Props {
  readonly points: readonly HealthPoint[];
  readonly reports: SamplerDecl['reports'];
}

/** The sampler's health over the sampling phase; nothing for samplers that report none of it. */
export function HealthPlot({ points, reports }: Props) {
  const series = useMemo(() => healthSeries(reports), [reports]);
  const data = useMemo(() => {
    const x = points.map((p) => p.iteration);
    return series.map((s) => lineTrace(s.name, x, points.map(s.value), { color: s.color, yaxis: s.yaxis }));
  }, [points, series]);
  const layout = useMemo(() => {
    // Plotly draws a declared axis even without traces on it.
    const depth = series.some((s) => s.yaxis === 'y2');
    return {
      ...plotHeader('Sampler health', depth),
      xaxis: { title: { text: 'iteration' } },
      yaxis: { title: { text: 'rate' }, range: [0, 1.02] },
      ...(depth ? { yaxis2: rightAxis('tree depth') } : {}),
    };
  }, [series]);
  if (series.length === 0) return null;
  return <Plot testId="plot-health" label="Acceptance, divergence rate and tree depth over iterations" data={data} layout={layout} download />;
}

import { useMemo } from 'react';
import type { DiagnosticsReport } from '../../stats/report';
import { Plot } from '../Plot';
import { axisRef, chainLines, coordName, hline, plotHeader, stackedLayout } from './traces';

/** Rank plots (Vehtari et al. 2021): each chain's histogram of its draws' ranks in the pooled draws.
 * Chains that sample the same distribution give flat histograms around the uniform expectation. */
export function RankPlot({ report }: { readonly report: DiagnosticsReport }) {
  const { ranks, coords } = report;
  const data = useMemo(() => {
    const x = Array.from({ length: ranks.bins }, (_, b) => (b + 0.5) / ranks.bins);
    return ranks.counts.flatMap((chains, k) => chainLines(x, chains, axisRef(k), 'hvh'));
  }, [ranks]);
  const layout = useMemo(() => ({
    ...plotHeader('Rank plots'),
    // Every chain has the same number of draws: the uniform expectation is one line per coordinate.
    shapes: ranks.counts.map((chains, k) => hline((chains[0] ?? []).reduce((a, b) => a + b, 0) / ranks.bins, axisRef(k))),
    ...stackedLayout(coords.map(coordName), { title: { text: 'normalised rank' }, range: [0, 1] }),
  }), [ranks, coords]);
  return <Plot testId="plot-ranks" label="Rank histograms of each traced chain" data={data} layout={layout} download />;
}

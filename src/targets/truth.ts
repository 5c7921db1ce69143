import type { TargetTruth } from './types';
import data from './truth-2d.json';

interface GridTruth {
  mean: number[];
  cov: number[][];
  quantiles_x: number[];
  quantiles_y: number[];
  mode_centers?: number[][];
  mode_mass_nearest_center?: number[];
}

/** Truth of a 2-D target from the quadrature fixture (see truth-2d.json's provenance). */
export function gridTruth(id: string): TargetTruth {
  const t = (data.targets as Record<string, GridTruth>)[id];
  if (!t) throw new Error(`no quadrature truth for target ${id}`);
  return {
    mean: t.mean,
    variance: [t.cov[0][0], t.cov[1][1]],
    cov: t.cov,
    quantiles: [t.quantiles_x, t.quantiles_y],
    modes: t.mode_centers && t.mode_mass_nearest_center
      ? { centers: t.mode_centers, mass: t.mode_mass_nearest_center }
      : undefined,
    source: 'fine-grid quadrature (shared/fixtures/targets-2d.json)',
  };
}

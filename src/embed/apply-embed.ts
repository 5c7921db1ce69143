import { useConfig } from '../state/config';
import { useNd } from '../state/nd';
import { useStats } from '../state/stats';
import type { EmbedOptions } from './embed-options';

/** The embed keys win over the link's page settings: the widget shows the swarm, only its chosen
 * panel computes (a closed diagnostics or N-D panel costs nothing), and it plays as asked. */
export function applyEmbedOptions(options: EmbedOptions): void {
  useConfig.getState().set({ mode: 'run', playing: options.autoplay });
  useStats.setState({ open: options.panel === 'diagnostics' });
  useNd.setState({ open: options.panel === 'nd', particles: null });
}

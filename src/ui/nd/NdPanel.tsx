/** N-D views: pair plot, marginals of every coordinate, per-coordinate table (being built). */
export function NdPanel() {
  return null;
}

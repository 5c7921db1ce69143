/** Compare mode: two samplers side by side (being built). */
export function CompareView() {
  return null;
}

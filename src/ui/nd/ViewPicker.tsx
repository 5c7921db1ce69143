/** The two coordinates the particle view shows (N-D targets; being built). */
export function ViewPicker() {
  return null;
}

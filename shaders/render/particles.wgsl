// One instanced quad per chain, pulled straight from the engine's chain-state buffer
// (coordinate-major: coordinate i of chain c at [i * chains + c]); nothing is copied to the CPU.

struct View {
  offset: vec2f,   // clip = position * scale + offset
  scale: vec2f,
  radius: vec2f,   // dot radius in clip units (x and y differ on a non-square canvas)
  rows: vec2u,     // where the shown coordinates start: (coords[0] * chains, coords[1] * chains)
  color: vec4f,    // premultiplied by nothing yet: rgb in [0, 1], alpha
}

@group(0) @binding(0) var<uniform> view: View;
@group(0) @binding(1) var<storage, read> positions: array<f32>;

struct VOut {
  @builtin(position) pos: vec4f,
  @location(0) local: vec2f,
}

@vertex
fn vs(@builtin(vertex_index) v: u32, @builtin(instance_index) c: u32) -> VOut {
  let corner = vec2f(f32(v & 1u), f32(v >> 1u)) * 2.0 - 1.0; // triangle strip
  let p = vec2f(positions[view.rows.x + c], positions[view.rows.y + c]) * view.scale + view.offset;
  return VOut(vec4f(p + corner * view.radius, 0.0, 1.0), corner);
}

@fragment
fn fs(in: VOut) -> @location(0) vec4f {
  let r2 = dot(in.local, in.local);
  if (r2 > 1.0) {
    discard;
  }
  let a = view.color.a * (1.0 - smoothstep(0.5, 1.0, r2)); // soft edge
  return vec4f(view.color.rgb * a, a);
}

// The colour-mapped density image, stretched over the whole canvas (the canvas shows exactly
// the target's view box). One full-screen triangle; the texture's row 0 is the top (ymax).

@group(0) @binding(0) var density_sampler: sampler;
@group(0) @binding(1) var density: texture_2d<f32>;

struct VOut {
  @builtin(position) pos: vec4f,
  @location(0) uv: vec2f,
}

@vertex
fn vs(@builtin(vertex_index) v: u32) -> VOut {
  let clip = vec2f(f32((v << 1u) & 2u), f32(v & 2u)) * 2.0 - 1.0; // (-1,-1), (3,-1), (-1,3)
  return VOut(vec4f(clip, 0.0, 1.0), vec2f(0.5 + 0.5 * clip.x, 0.5 - 0.5 * clip.y));
}

@fragment
fn fs(in: VOut) -> @location(0) vec4f {
  return textureSample(density, density_sampler, in.uv);
}

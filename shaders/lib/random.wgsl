// Uniform and normal draws on top of Philox. A stream is key = seed, counter = (chain, iteration,
// draw, 0); every call advances `draw`. src/rng/stream.ts consumes the same integers in the same order.

struct Rng {
  key: vec2<u32>,
  ctr: vec4<u32>,
}

fn rng_init(seed: vec2<u32>, chain: u32, iteration: u32) -> Rng {
  return Rng(seed, vec4<u32>(chain, iteration, 0u, 0u));
}

fn rng_next(r: ptr<function, Rng>) -> vec4<u32> {
  let out = philox4x32_10((*r).ctr, (*r).key);
  (*r).ctr.z = (*r).ctr.z + 1u;
  return out;
}

// Top 23 bits, centred in their interval: k + 0.5 needs 24 significant bits, so the value is
// exact in f32 (and equal to the float64 one) and strictly inside (0, 1).
fn u32_to_unit(u: u32) -> f32 {
  return (f32(u >> 9u) + 0.5) * 1.1920928955078125e-7;
}

fn uniform4(r: ptr<function, Rng>) -> vec4<f32> {
  let u = rng_next(r);
  return vec4<f32>(u32_to_unit(u.x), u32_to_unit(u.y), u32_to_unit(u.z), u32_to_unit(u.w));
}

// Box–Muller on one Philox block: four uniforms give four independent standard normals.
fn normal4(r: ptr<function, Rng>) -> vec4<f32> {
  let u = uniform4(r);
  let r0 = sqrt(-2.0 * log(u.x));
  let r1 = sqrt(-2.0 * log(u.z));
  let t0 = TWO_PI * u.y;
  let t1 = TWO_PI * u.w;
  return vec4<f32>(r0 * cos(t0), r0 * sin(t0), r1 * cos(t1), r1 * sin(t1));
}

// D standard normals into z, then one uniform, taking Box–Muller pairs from as few Philox blocks
// as possible (in 2-D: one block for both normals and the accept/reject uniform).
fn normals_then_uniform(r: ptr<function, Rng>, z: ptr<function, array<f32, D>>) -> f32 {
  var u = vec4<f32>(0.0);
  var k = 0u;
  for (var i = 0u; i < D; i = i + 2u) {
    if (k == 0u) {
      u = uniform4(r);
    }
    let radius = sqrt(-2.0 * log(u[k]));
    let angle = TWO_PI * u[k + 1u];
    (*z)[i] = radius * cos(angle);
    if (i + 1u < D) {
      (*z)[i + 1u] = radius * sin(angle);
    }
    k = (k + 2u) % 4u;
  }
  if (k == 0u) {
    u = uniform4(r);
  }
  return u[k];
}

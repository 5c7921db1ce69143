// eight-modes: (1/8) Σ_k N(4 (cos kπ/4, sin kπ/4), 0.09 I), k = 0..7. Needs lib_bivariate and
// lib_mixture.

const EIGHT_R: f32 = 2.82842712474619;          // 4 / √2
const EIGHT_S = vec3<f32>(0.09, 0.0, 0.09);
const EIGHT_LOG_W: f32 = -2.07944154167984;     // log 1/8

const MIX_K: u32 = 8u;
const MIX = array<Bvn, MIX_K>(
  Bvn(vec2<f32>(4.0, 0.0), EIGHT_S, EIGHT_LOG_W),
  Bvn(vec2<f32>(EIGHT_R, EIGHT_R), EIGHT_S, EIGHT_LOG_W),
  Bvn(vec2<f32>(0.0, 4.0), EIGHT_S, EIGHT_LOG_W),
  Bvn(vec2<f32>(-EIGHT_R, EIGHT_R), EIGHT_S, EIGHT_LOG_W),
  Bvn(vec2<f32>(-4.0, 0.0), EIGHT_S, EIGHT_LOG_W),
  Bvn(vec2<f32>(-EIGHT_R, -EIGHT_R), EIGHT_S, EIGHT_LOG_W),
  Bvn(vec2<f32>(0.0, -4.0), EIGHT_S, EIGHT_LOG_W),
  Bvn(vec2<f32>(EIGHT_R, -EIGHT_R), EIGHT_S, EIGHT_LOG_W),
);

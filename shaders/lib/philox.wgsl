// Philox-4x32-10 (Salmon et al. 2011, "Parallel random numbers: as easy as 1, 2, 3").
// Counter-based: the output is a pure function of (counter, key), so every chain, iteration and
// draw has its own stream with no state to carry. Mirrored bit for bit by src/rng/philox.ts.

const PHILOX_M0: u32 = 0xD2511F53u;
const PHILOX_M1: u32 = 0xCD9E8D57u;
const PHILOX_W0: u32 = 0x9E3779B9u;
const PHILOX_W1: u32 = 0xBB67AE85u;

// High 32 bits of the 64-bit product a*b (WGSL has no 64-bit integers): schoolbook on 16-bit halves.
fn mulhi32(a: u32, b: u32) -> u32 {
  let a_lo = a & 0xFFFFu;
  let a_hi = a >> 16u;
  let b_lo = b & 0xFFFFu;
  let b_hi = b >> 16u;
  let lo_lo = a_lo * b_lo;
  let hi_lo = a_hi * b_lo;
  let lo_hi = a_lo * b_hi;
  let hi_hi = a_hi * b_hi;
  let cross = (lo_lo >> 16u) + (hi_lo & 0xFFFFu) + lo_hi;
  return hi_hi + (hi_lo >> 16u) + (cross >> 16u);
}

fn philox_round(ctr: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  let hi0 = mulhi32(PHILOX_M0, ctr.x);
  let lo0 = PHILOX_M0 * ctr.x;
  let hi1 = mulhi32(PHILOX_M1, ctr.z);
  let lo1 = PHILOX_M1 * ctr.z;
  return vec4<u32>(hi1 ^ ctr.y ^ key.x, lo1, hi0 ^ ctr.w ^ key.y, lo0);
}

fn philox4x32_10(counter: vec4<u32>, key_in: vec2<u32>) -> vec4<u32> {
  var ctr = counter;
  var key = key_in;
  for (var r = 0u; r < 10u; r = r + 1u) {
    if (r > 0u) {
      key = key + vec2<u32>(PHILOX_W0, PHILOX_W1);
    }
    ctr = philox_round(ctr, key);
  }
  return ctr;
}

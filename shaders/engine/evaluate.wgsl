// Evaluates the target at a batch of points: log p and ∇log p (the density image, target tests).
// Composed after the prelude and the target. Point i is points[i*D .. i*D + D).

@group(0) @binding(0) var<storage, read> points: array<f32>;
// (log_density(x), the log p that grad_log_density(x) returns) per point.
@group(0) @binding(1) var<storage, read_write> out_logp: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read_write> out_grad: array<f32>;

@compute @workgroup_size(WG)
fn evaluate(@builtin(global_invocation_id) gid: vec3<u32>,
            @builtin(num_workgroups) groups: vec3<u32>) {
  // Dispatches wider than one dimension's workgroup limit wrap into y.
  let i = gid.x + gid.y * groups.x * WG;
  if (i >= arrayLength(&out_logp)) {
    return;
  }
  var x: array<f32, D>;
  for (var j = 0u; j < D; j = j + 1u) {
    x[j] = points[i * D + j];
  }
  var g: array<f32, D>;
  let lp_grad = grad_log_density(&x, &g);
  let lp = log_density(&x);
  out_logp[i] = vec2<f32>(lp, lp_grad);
  for (var j = 0u; j < D; j = j + 1u) {
    out_grad[i * D + j] = g[j];
  }
}

// correlated-nd: N(0, Σ), Σ_ij = ρ^|i - j|, ρ = 0.9 (AR(1)). Its precision is tridiagonal; we use
// its factorisation x_0 ~ N(0, 1), x_i | x_{i-1} ~ N(ρ x_{i-1}, 1 - ρ²): O(D), and no
// cancellation between the large diagonal and off-diagonal terms in float32.

const AR_RHO: f32 = 0.9;
const AR_PREC: f32 = 5.26315789473684;   // 1 / (1 - ρ²)

fn log_density(x: ptr<function, array<f32, D>>) -> f32 {
  var s = (*x)[0] * (*x)[0];
  for (var i = 1u; i < D; i = i + 1u) {
    let e = (*x)[i] - AR_RHO * (*x)[i - 1u];
    s = s + AR_PREC * e * e;
  }
  return -0.5 * s;
}

fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32 {
  var s = (*x)[0] * (*x)[0];
  (*g)[0] = -(*x)[0];
  for (var i = 1u; i < D; i = i + 1u) {
    let e = (*x)[i] - AR_RHO * (*x)[i - 1u];
    s = s + AR_PREC * e * e;
    (*g)[i] = -AR_PREC * e;
    (*g)[i - 1u] = (*g)[i - 1u] + AR_RHO * AR_PREC * e;
  }
  return -0.5 * s;
}

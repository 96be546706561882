// The gradient-check helpers shared by the ops' gradcheck tests
// (test_ops_gradcheck.cpp, test_ops_gradcheck_layers.cpp): value generators
// and check_op, which gradient-checks one op on several cases.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "engine/gradcheck/gradcheck.hpp"
#include "engine/trace/record.hpp"
#include "engine/stepgrad.hpp"

namespace sg::test {

// A smooth op in double: central differences agree to better than 1e-7.
constexpr double kMaxRelError = 1e-7;

using Case = std::vector<GradcheckInput>;

inline Mat uniform(Index rows, Index cols, double lo, double hi, std::uint64_t seed) {
  Generator gen(seed);
  return gen.uniform_matrix(rows, cols, lo, hi);
}

// Values in ±[0.2, 1.5]: far from the kink at 0 of relu, abs, step, l1.
inline Mat away_from_zero(Index rows, Index cols, std::uint64_t seed) {
  Mat m = uniform(rows, cols, -1.3, 1.3, seed);
  return m.unaryExpr([](double x) { return x < 0 ? x - 0.2 : x + 0.2; });
}

inline Mat positive(Index rows, Index cols, std::uint64_t seed) { return uniform(rows, cols, 0.5, 2.0, seed); }
inline Mat any_sign(Index rows, Index cols, std::uint64_t seed) { return uniform(rows, cols, -2.0, 2.0, seed); }

// Rows of non-negative weights summing to 1: a soft target for cross_entropy.
inline Mat soft_targets(Index rows, Index cols, std::uint64_t seed) {
  Mat Y = uniform(rows, cols, 0.1, 1.0, seed);
  for (Index r = 0; r < rows; ++r) Y.row(r) /= Y.row(r).sum();
  return Y;
}

// Gradient-checks op `name` on every case. The builder's graph must contain
// the op, so a test cannot claim an op it does not exercise.
inline void check_op(std::string_view name, const GradcheckBuilder& f, const std::vector<Case>& cases) {
  REQUIRE(cases.size() >= 3);
  for (const Case& c : cases) {
    std::string shapes;
    for (const GradcheckInput& in : c) shapes += to_string(shape_of(in.value)) + " ";
    INFO(name << " on " << shapes);
    {
      Context ctx;
      std::vector<Tensor> inputs;
      for (const GradcheckInput& in : c) inputs.push_back(ctx.input<double>(in.value, in.label, in.requires_grad));
      const GraphSnapshot g = snapshot(f(inputs));
      REQUIRE(std::any_of(g.nodes.begin(), g.nodes.end(), [&](const NodeInfo& n) { return n.op == name; }));
    }
    // Every element within 1e-7 relative, or (a gradient near 0) within the
    // rounding noise of the central difference: see docs/gradcheck.md.
    GradcheckOptions opt;
    opt.tolerance = kMaxRelError;
    const GradcheckResult r = gradcheck(f, c, opt);
    INFO(r.report());
    CHECK(r.passed);
    CHECK(r.max_rel_error <= kMaxRelError);
    CHECK(r.inputs.size() == static_cast<std::size_t>(std::count_if(
        c.begin(), c.end(), [](const GradcheckInput& in) { return in.requires_grad; })));
  }
}

inline Case two(Mat A, Mat B) { return {{std::move(A), "A", true}, {std::move(B), "B", true}}; }
inline Case one(Mat X) { return {{std::move(X), "X", true}}; }

// Binary elementwise: same shape, (B,n)∘(1,n), (B,n)∘(1,1), (B,n)∘(B,1), and mirrored.
inline std::vector<Case> broadcast_cases(Mat (*make_a)(Index, Index, std::uint64_t),
                                  Mat (*make_b)(Index, Index, std::uint64_t)) {
  return {two(make_a(3, 4, 1), make_b(3, 4, 2)), two(make_a(3, 4, 3), make_b(1, 4, 4)),
          two(make_a(3, 4, 5), make_b(1, 1, 6)), two(make_a(3, 4, 7), make_b(3, 1, 8)),
          two(make_a(1, 4, 9), make_b(3, 4, 10)), two(make_a(1, 1, 11), make_b(3, 4, 12)),
          two(make_a(3, 1, 13), make_b(3, 4, 14))};
}

// Unary: a batch, a scalar, a row and a column.
inline std::vector<Case> unary_cases(Mat (*make)(Index, Index, std::uint64_t)) {
  return {one(make(3, 4, 21)), one(make(1, 1, 22)), one(make(1, 6, 23)), one(make(5, 1, 24))};
}

inline Tensor first(const std::vector<Tensor>& in) { return in[0]; }

}  // namespace sg::test

// Every op of the engine, gradient-checked in double on at least three shapes
// (broadcasts for the binary ops, batches for softmax and the losses), with a
// max relative error below 1e-7. Each op's TEST_CASE carries the tag
// [op:NAME]; the last test compares those tags with sg::all_ops(), so an op
// added to the engine without a gradient check fails the suite.
// Kink ops are checked away from the kink here; their conventions at the
// kink are in test_ops_gradcheck_kinks.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>

#include "engine/gradcheck/gradcheck.hpp"
#include "engine/trace/record.hpp"
#include "engine/stepgrad.hpp"

using namespace sg;

#include "op_checks.hpp"

using namespace sg::test;

// ---- elementwise, binary -------------------------------------------------------

TEST_CASE("gradcheck add on equal and broadcast shapes", "[ops-gradcheck][op:add]") {
  check_op("add", [](const auto& in) { return in[0] + in[1]; }, broadcast_cases(any_sign, any_sign));
}

TEST_CASE("gradcheck sub on equal and broadcast shapes", "[ops-gradcheck][op:sub]") {
  check_op("sub", [](const auto& in) { return in[0] - in[1]; }, broadcast_cases(any_sign, any_sign));
}

TEST_CASE("gradcheck mul on equal and broadcast shapes", "[ops-gradcheck][op:mul]") {
  check_op("mul", [](const auto& in) { return in[0] * in[1]; }, broadcast_cases(any_sign, any_sign));
}

TEST_CASE("gradcheck div on equal and broadcast shapes, denominators away from 0",
          "[ops-gradcheck][op:div]") {
  check_op("div", [](const auto& in) { return in[0] / in[1]; }, broadcast_cases(any_sign, positive));
}

// ---- elementwise, unary --------------------------------------------------------

TEST_CASE("gradcheck neg", "[ops-gradcheck][op:neg]") {
  check_op("neg", [](const auto& in) { return -first(in); }, unary_cases(any_sign));
}

TEST_CASE("gradcheck add_scalar", "[ops-gradcheck][op:add_scalar]") {
  check_op("add_scalar", [](const auto& in) { return first(in) + 1.5; }, unary_cases(any_sign));
}

TEST_CASE("gradcheck mul_scalar", "[ops-gradcheck][op:mul_scalar]") {
  check_op("mul_scalar", [](const auto& in) { return -2.5 * first(in); }, unary_cases(any_sign));
}

TEST_CASE("gradcheck pow with integer, fractional and negative exponents", "[ops-gradcheck][op:pow]") {
  check_op("pow", [](const auto& in) { return pow(first(in), 3.0); }, unary_cases(any_sign));
  // non-integer p: positive inputs only (x^p is not real for x < 0)
  for (double p : {2.5, 0.5, -1.5}) {
    check_op("pow", [p](const auto& in) { return pow(first(in), p); }, unary_cases(positive));
  }
}

TEST_CASE("gradcheck exp", "[ops-gradcheck][op:exp]") {
  check_op("exp", [](const auto& in) { return exp(first(in)); }, unary_cases(any_sign));
}

TEST_CASE("gradcheck log on positive inputs", "[ops-gradcheck][op:log]") {
  check_op("log", [](const auto& in) { return log(first(in)); }, unary_cases(positive));
}

TEST_CASE("gradcheck sqrt on positive inputs", "[ops-gradcheck][op:sqrt]") {
  check_op("sqrt", [](const auto& in) { return sqrt(first(in)); }, unary_cases(positive));
}

TEST_CASE("gradcheck abs away from its kink", "[ops-gradcheck][op:abs]") {
  check_op("abs", [](const auto& in) { return abs(first(in)); }, unary_cases(away_from_zero));
}

TEST_CASE("gradcheck square", "[ops-gradcheck][op:square]") {
  check_op("square", [](const auto& in) { return square(first(in)); }, unary_cases(any_sign));
}

// ---- matrix ops and reductions -------------------------------------------------

TEST_CASE("gradcheck matmul on batches, vectors, outer products and squares", "[ops-gradcheck][op:matmul]") {
  check_op("matmul", [](const auto& in) { return matmul(in[0], in[1]); },
           {two(any_sign(4, 3, 1), any_sign(3, 5, 2)), two(any_sign(1, 3, 3), any_sign(3, 1, 4)),
            two(any_sign(3, 1, 5), any_sign(1, 4, 6)), two(any_sign(3, 3, 7), any_sign(3, 3, 8)),
            two(any_sign(5, 7, 9), any_sign(7, 2, 10))});
}

TEST_CASE("gradcheck transpose", "[ops-gradcheck][op:transpose]") {
  check_op("transpose", [](const auto& in) { return transpose(first(in)); }, unary_cases(any_sign));
}

TEST_CASE("gradcheck sum of all elements", "[ops-gradcheck][op:sum]") {
  check_op("sum", [](const auto& in) { return sum(first(in)); }, unary_cases(any_sign));
}

TEST_CASE("gradcheck sum over the rows", "[ops-gradcheck][op:sum_rows]") {
  check_op("sum_rows", [](const auto& in) { return sum(first(in), Axis::Rows); }, unary_cases(any_sign));
}

TEST_CASE("gradcheck sum over the columns", "[ops-gradcheck][op:sum_cols]") {
  check_op("sum_cols", [](const auto& in) { return sum(first(in), Axis::Cols); }, unary_cases(any_sign));
}

TEST_CASE("gradcheck mean of all elements", "[ops-gradcheck][op:mean]") {
  check_op("mean", [](const auto& in) { return mean(first(in)); }, unary_cases(any_sign));
}

TEST_CASE("gradcheck mean over the rows", "[ops-gradcheck][op:mean_rows]") {
  check_op("mean_rows", [](const auto& in) { return mean(first(in), Axis::Rows); }, unary_cases(any_sign));
}

TEST_CASE("gradcheck mean over the columns", "[ops-gradcheck][op:mean_cols]") {
  check_op("mean_cols", [](const auto& in) { return mean(first(in), Axis::Cols); }, unary_cases(any_sign));
}

// ---- activations ---------------------------------------------------------------

TEST_CASE("gradcheck sigmoid, including both tails", "[ops-gradcheck][op:sigmoid]") {
  auto wide = [](Index r, Index c, std::uint64_t seed) { return uniform(r, c, -6.0, 6.0, seed); };
  check_op("sigmoid", [](const auto& in) { return sigmoid(first(in)); }, unary_cases(wide));
}

TEST_CASE("gradcheck tanh", "[ops-gradcheck][op:tanh]") {
  check_op("tanh", [](const auto& in) { return tanh(first(in)); }, unary_cases(any_sign));
}

TEST_CASE("gradcheck relu away from its kink", "[ops-gradcheck][op:relu]") {
  check_op("relu", [](const auto& in) { return relu(first(in)); }, unary_cases(away_from_zero));
}

TEST_CASE("gradcheck leaky_relu away from its kink", "[ops-gradcheck][op:leaky_relu]") {
  check_op("leaky_relu", [](const auto& in) { return leaky_relu(first(in), 0.1); }, unary_cases(away_from_zero));
}

TEST_CASE("gradcheck step away from its jump (gradient 0)", "[ops-gradcheck][op:step]") {
  check_op("step", [](const auto& in) { return step(first(in)); }, unary_cases(away_from_zero));
}

TEST_CASE("gradcheck softmax over batches", "[ops-gradcheck][op:softmax]") {
  check_op("softmax", [](const auto& in) { return softmax(first(in)); },
           {one(any_sign(4, 5, 31)), one(any_sign(1, 3, 32)), one(any_sign(6, 10, 33)),
            one(any_sign(2, 1, 34))});
}

TEST_CASE("gradcheck log_softmax over batches", "[ops-gradcheck][op:log_softmax]") {
  check_op("log_softmax", [](const auto& in) { return log_softmax(first(in)); },
           {one(any_sign(4, 5, 35)), one(any_sign(1, 3, 36)), one(any_sign(6, 10, 37)),
            one(any_sign(2, 1, 38))});
}

// ---- losses and penalties ------------------------------------------------------

TEST_CASE("gradcheck mse with respect to both operands", "[ops-gradcheck][op:mse]") {
  check_op("mse", [](const auto& in) { return mse(in[0], in[1]); },
           {two(any_sign(4, 3, 41), any_sign(4, 3, 42)), two(any_sign(1, 1, 43), any_sign(1, 1, 44)),
            two(any_sign(8, 1, 45), any_sign(8, 1, 46))});
}

TEST_CASE("gradcheck rmse with respect to both operands", "[ops-gradcheck][op:rmse]") {
  check_op("rmse", [](const auto& in) { return rmse(in[0], in[1]); },
           {two(any_sign(4, 3, 47), any_sign(4, 3, 48)), two(any_sign(1, 1, 49), any_sign(1, 1, 50)),
            two(any_sign(8, 1, 51), any_sign(8, 1, 52))});
}

TEST_CASE("gradcheck bce from probabilities, soft targets", "[ops-gradcheck][op:bce]") {
  auto prob = [](Index r, Index c, std::uint64_t seed) { return uniform(r, c, 0.1, 0.9, seed); };
  check_op("bce", [](const auto& in) { return bce(in[0], in[1]); },
           {two(prob(4, 3, 53), prob(4, 3, 54)), two(prob(1, 1, 55), prob(1, 1, 56)),
            two(prob(8, 1, 57), prob(8, 1, 58))});
}

TEST_CASE("gradcheck bce_with_logits, soft targets", "[ops-gradcheck][op:bce_with_logits]") {
  auto target = [](Index r, Index c, std::uint64_t seed) { return uniform(r, c, 0.0, 1.0, seed); };
  check_op("bce_with_logits", [](const auto& in) { return bce_with_logits(in[0], in[1]); },
           {two(uniform(4, 3, -4, 4, 59), target(4, 3, 60)), two(any_sign(1, 1, 61), target(1, 1, 62)),
            two(uniform(8, 1, -4, 4, 63), target(8, 1, 64))});
}

TEST_CASE("gradcheck cross_entropy from logits and integer labels", "[ops-gradcheck][op:cross_entropy]") {
  auto with_labels = [](std::vector<int> labels) {
    return [labels](const std::vector<Tensor>& in) { return cross_entropy(in[0], labels); };
  };
  check_op("cross_entropy", with_labels({0, 2, 4, 1}), {one(any_sign(4, 5, 65)), one(any_sign(4, 5, 66)),
                                                         one(uniform(4, 5, -8, 8, 67))});
  check_op("cross_entropy", with_labels({1}), {one(any_sign(1, 3, 68)), one(any_sign(1, 3, 69)),
                                               one(uniform(1, 3, -8, 8, 70))});
  check_op("cross_entropy", with_labels({9, 0, 3, 3, 7, 1}),
           {one(any_sign(6, 10, 71)), one(any_sign(6, 10, 72)), one(uniform(6, 10, -8, 8, 73))});
}

TEST_CASE("gradcheck cross_entropy from logits and one-hot or soft targets",
          "[ops-gradcheck][op:cross_entropy_onehot]") {
  Mat onehot = Mat::Zero(4, 3);
  onehot(0, 1) = onehot(1, 0) = onehot(2, 2) = onehot(3, 1) = 1.0;
  check_op("cross_entropy_onehot", [](const auto& in) { return cross_entropy(in[0], in[1]); },
           {two(any_sign(4, 3, 74), soft_targets(4, 3, 75)), two(any_sign(1, 5, 76), soft_targets(1, 5, 77)),
            two(any_sign(8, 10, 78), soft_targets(8, 10, 79)),
            {{any_sign(4, 3, 80), "Z", true}, {onehot, "Y", false}}});
}

TEST_CASE("gradcheck l1_penalty away from its kink", "[ops-gradcheck][op:l1_penalty]") {
  check_op("l1_penalty", [](const auto& in) { return l1_penalty(first(in), 0.3); }, unary_cases(away_from_zero));
}

TEST_CASE("gradcheck l2_penalty", "[ops-gradcheck][op:l2_penalty]") {
  check_op("l2_penalty", [](const auto& in) { return l2_penalty(first(in), 0.3); }, unary_cases(any_sign));
}

// ---- coverage ------------------------------------------------------------------

TEST_CASE("every op in sg::all_ops() has a gradient-check test and no test names a missing op",
          "[ops-gradcheck][coverage]") {
  // The [op:NAME] tags of the test cases registered in this executable.
  std::set<std::string> tested;
  for (const Catch::TestCase& tc : Catch::getRegistryHub().getTestCaseRegistry().getAllTests()) {
    for (const std::string& tag : tc.tags) {
      if (tag.rfind("op:", 0) == 0) tested.insert(tag.substr(3));
    }
  }
  std::set<std::string> ops;
  for (const OpInfo* op : all_ops()) ops.insert(std::string(op->name));
  REQUIRE(ops.size() == all_ops().size());   // names are unique
  for (const std::string& op : ops) {
    INFO("op " << op << " has no TEST_CASE tagged [op:" << op << "] in tests/engine/ops/test_ops_gradcheck.cpp");
    CHECK(tested.count(op) == 1);
  }
  for (const std::string& name : tested) {
    INFO("a test is tagged [op:" << name << "] but sg::all_ops() has no such op");
    CHECK(ops.count(name) == 1);
  }
}

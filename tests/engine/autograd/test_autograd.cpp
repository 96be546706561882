// The autograd core: ids, accumulation at forks, backward twice, no-grad,
// deep graphs and freeing.
#include <catch2/catch.hpp>

#include <memory>

#include "engine/stepgrad.hpp"

using namespace sg;

TEST_CASE("node ids follow creation order within a context", "[autograd]") {
  Context ctx;
  Tensor a = ctx.scalar(2.0, "a");
  Tensor b = ctx.scalar(3.0, "b");
  Tensor c = a * b;
  Tensor d = c + a;
  CHECK(a.id() == 0);
  CHECK(b.id() == 1);
  CHECK(c.id() == 2);
  CHECK(d.id() == 3);
  Context other;
  CHECK(other.scalar(1.0).id() == 0);
}

TEST_CASE("a tensor used twice receives both contributions (diamond)", "[autograd]") {
  Context ctx;
  Tensor x = ctx.scalar(3.0, "x");
  Tensor y = x * x + x;          // dy/dx = 2x + 1 = 7
  y.backward();
  CHECK(x.grad()(0, 0) == Approx(7.0));

  Tensor w = ctx.scalar(2.0, "w");
  Tensor u = sigmoid(w);
  Tensor v = tanh(w);
  Tensor z = u * v;               // diamond: w -> u, w -> v -> z
  z.backward();
  const double s = 1.0 / (1.0 + std::exp(-2.0)), t = std::tanh(2.0);
  CHECK(w.grad()(0, 0) == Approx(s * (1 - s) * t + s * (1 - t * t)).epsilon(1e-12));
}

TEST_CASE("backward twice accumulates leaf gradients and recomputes intermediates", "[autograd]") {
  Context ctx;
  Tensor x = ctx.scalar(3.0, "x");
  Tensor h = x * x;
  Tensor y = h * 2.0;
  y.backward();
  CHECK(x.grad()(0, 0) == Approx(12.0));
  CHECK(h.grad()(0, 0) == Approx(2.0));
  y.backward();
  CHECK(x.grad()(0, 0) == Approx(24.0));   // leaves accumulate
  CHECK(h.grad()(0, 0) == Approx(2.0));    // intermediates hold the last pass
  x.zero_grad();
  y.backward();
  CHECK(x.grad()(0, 0) == Approx(12.0));
}

TEST_CASE("backward of a non-scalar needs a seed of its shape", "[autograd]") {
  Context ctx;
  Tensor X = ctx.param(Mat::Ones(2, 3), "X");
  Tensor Y = X * 2.0;
  CHECK_THROWS_AS(Y.backward(), ShapeError);
  CHECK_THROWS_AS(Y.backward(Mat::Ones(3, 2)), ShapeError);
  Y.backward(Mat::Ones(2, 3));
  CHECK(X.grad().isApprox(Mat::Constant(2, 3, 2.0)));
}

TEST_CASE("no-grad guard records no graph and refuses backward", "[autograd]") {
  Context ctx;
  Tensor x = ctx.scalar(3.0, "x");
  {
    NoGrad guard(ctx);
    Tensor y = x * x;
    CHECK_FALSE(y.requires_grad());
    CHECK(y.node().parents.empty());
    CHECK_THROWS_AS(y.backward(), ValueError);
  }
  Tensor z = x * x;
  CHECK(z.requires_grad());
}

TEST_CASE("a 100,000-op chain runs backward and frees without recursion", "[autograd]") {
  Context ctx;
  Tensor x = ctx.scalar(1.0, "x");
  std::weak_ptr<Node<double>> first;
  {
    Tensor y = x;
    for (int i = 0; i < 100000; ++i) {
      y = y * 1.0;
      if (i == 0) first = y.node_ptr();
    }
    y.backward();
    CHECK(x.grad()(0, 0) == Approx(1.0));
    CHECK_FALSE(first.expired());
  }
  CHECK(first.expired());   // the whole chain was released with its last handle
}

TEST_CASE("releasing the loss frees every node of the graph", "[autograd]") {
  Context ctx;
  Tensor W = ctx.param(Mat::Ones(3, 2), "W");
  std::vector<std::weak_ptr<Node<double>>> graph;
  {
    Tensor X = ctx.input(Mat::Ones(4, 3), "X");
    Tensor L = mean(relu(matmul(X, W)));
    L.backward();
    // L -> relu -> matmul -> {X, W}
    graph = {L.node_ptr(), L.node().parents[0], L.node().parents[0]->parents[0], X.node_ptr()};
  }
  for (const auto& n : graph) CHECK(n.expired());
  CHECK(W.grad().allFinite());   // parameters outlive the graph they were used in
}

TEST_CASE("operands from different contexts are refused", "[autograd]") {
  Context a, b;
  Tensor x = a.scalar(1.0, "x");
  Tensor y = b.scalar(1.0, "y");
  CHECK_THROWS_AS(x + y, Error);
}

TEST_CASE("name_next labels the next node created, once, so its creation already carries the name",
          "[autograd][labels]") {
  Context ctx;
  Tensor a = ctx.scalar(2.0, "a");
  ctx.name_next("y");
  Tensor y = sigmoid(a);
  Tensor z = sigmoid(y);                 // the name was used up
  CHECK(y.label() == "y");
  CHECK(z.label().empty());
  ctx.name_next("ignored");
  Tensor b = ctx.scalar(1.0, "b");      // a leaf's own label wins, and the pending one is dropped
  CHECK(b.label() == "b");
  CHECK(sigmoid(b).label().empty());
}

TEST_CASE("set_requires_grad freezes a leaf: no gradient reaches it, and an op's result refuses it",
          "[autograd][freeze]") {
  Context ctx;
  Tensor w = ctx.param(Mat::Constant(1, 1, 3.0), "w");
  Tensor v = ctx.param(Mat::Constant(1, 1, 2.0), "v");
  w.set_requires_grad(false);
  Tensor L = w * v;
  L.backward();
  CHECK_FALSE(w.has_grad());
  CHECK(v.grad()(0, 0) == 3.0);
  CHECK_THROWS_WITH(L.set_requires_grad(false), Catch::Contains("not a leaf") && Catch::Contains("mul"));
}

TEST_CASE("an empty tensor is a ShapeError where it enters the graph, not a crash inside an op", "[autograd]") {
  // Before: mean() of a 0×0 input and softmax() of a (3,0) one stopped on an
  // Eigen assertion (a crash under ASan). Every op's inputs are tensors, so
  // refusing empty leaves covers every op.
  Context ctx;
  CHECK_THROWS_WITH(ctx.input(Mat(0, 0), "X"),
                    "tensor 'X' would be empty, shape (0,0): every tensor needs at least one element "
                    "(an empty batch or slice of the data?)");
  CHECK_THROWS_AS(ctx.param<float>(MatF(3, 0)), ShapeError);
  CHECK_THROWS_WITH(ctx.input(Mat(0, 4)), Catch::Contains("tensor '#0' would be empty, shape (0,4)"));
  CHECK(ctx.input(Mat::Zero(1, 1)).id() == 0);   // nothing was made before
}

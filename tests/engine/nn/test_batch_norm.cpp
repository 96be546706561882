// BatchNorm1d against PyTorch 1.13 (float64): the numbers below were printed
// by tests/engine/nn/golden/batch_norm.py (run it with /usr/bin/python3 to
// regenerate them); the test itself needs no torch.
#include <catch2/catch.hpp>

#include "engine/gradcheck/gradcheck.hpp"
#include "engine/nn/nn.hpp"

using namespace sg;

namespace {

// PyTorch and we compute the same formulas in double in a different order:
// agreement to ~1e-15 relative is expected; 1e-12 leaves room for that.
constexpr double kTorchTol = 1e-12;

Mat mat(Index rows, Index cols, std::initializer_list<double> v) {
  Mat m(rows, cols);
  Index i = 0;
  for (double x : v) m(i / cols, i % cols) = x, ++i;
  return m;
}

void check_close(const Mat& got, const Mat& want) {
  INFO("got\n" << got << "\nwant\n" << want);
  REQUIRE(got.rows() == want.rows());
  REQUIRE(got.cols() == want.cols());
  CHECK((got - want).cwiseAbs().maxCoeff() <= kTorchTol * (1.0 + want.cwiseAbs().maxCoeff()));
}

struct Fixture {
  Context ctx;
  BatchNorm1d<> bn{ctx, "bn", 3};
  Mat X1 = mat(4, 3, {1.0, -2.0, 0.5, 2.0, 0.0, 1.5, 4.0, 1.0, -0.5, -1.0, 3.0, 2.5});
  Mat X2 = mat(3, 3, {0.3, 0.7, -1.2, 1.1, -0.4, 0.8, 2.5, 1.9, 0.1});
  Mat X3 = mat(5, 3, {-0.5, 2.0, 1.0, 0.0, 1.0, 3.0, 1.5, -1.0, 0.5, 2.0, 0.5, -2.0, 1.0, 1.0, 1.0});
  Mat dY = mat(4, 3, {0.2, -0.1, 0.4, -0.3, 0.5, 0.1, 0.7, 0.2, -0.6, 0.1, -0.4, 0.3});
  Fixture() {
    bn.gamma.value_mut() << 1.5, -0.5, 2.0;
    bn.beta.value_mut() << 0.1, 0.2, -0.3;
  }
};

}  // namespace

TEST_CASE("batch norm in train mode: output and gradients equal PyTorch's", "[nn][batch_norm]") {
  Fixture f;
  const Tensor X = f.ctx.input(f.X1, "X", true);
  Tensor Y = f.bn(X);
  Y.backward(f.dY);
  check_close(Y.value(), mat(4, 3, {-0.31602450713171093, 0.89337417855285151, -1.1944236133126178,
                                    0.51602450713171089, 0.33867483571057033, 0.59442361331261817,
                                    2.1801225356585547, 0.061325164289429746, -2.9832708399378536,
                                    -1.9801225356585546, -0.49337417855285143, 2.3832708399378539}));
  check_close(X.grad(), mat(4, 3, {0.060803458727762771, 0.089605130758583756, 0.84075647923426167,
                                   -0.43522551514630259, -0.11520681613043071, -0.12521758858416721,
                                   0.23681456563241032, -0.051202986722253617, -0.51877084756011638,
                                   0.13760749078612944, 0.076804672094100621, -0.19676804308997806}));
  check_close(f.bn.gamma.grad(), mat(1, 3, {0.69337417855285144, -0.49922940855805309, 1.0733083359751416}));
  check_close(f.bn.beta.grad(), mat(1, 3, {0.7, 0.2, 0.2}));
}

TEST_CASE("batch norm running statistics after 3 batches, then eval output, equal PyTorch's",
          "[nn][batch_norm]") {
  Fixture f;
  for (const Mat* X : {&f.X1, &f.X2, &f.X3}) f.bn(f.ctx.input(*X));
  // running = 0.9·running + 0.1·batch, with the unbiased variance (÷(B−1))
  check_close(f.bn.running_mean, mat(1, 3, {0.3185, 0.1765, 0.142}));
  check_close(f.bn.running_var, mat(1, 3, {1.2991, 1.3191, 1.2767}));
  f.bn.eval();
  const Mat before_mean = f.bn.running_mean;
  const Tensor Ye = f.bn(f.ctx.input(mat(2, 3, {0.5, 0.5, 0.5, 1.0, -1.0, 2.0})));
  check_close(Ye.value(), mat(2, 3, {0.33886082365266385, 0.059167210019392236, 0.33367546511765211,
                                     0.99687962159388643, 0.71217860096502328, 2.9887402630966413}));
  CHECK(f.bn.running_mean == before_mean);          // eval does not update the statistics
  // eval mode works on a batch of one row; train mode refuses it
  CHECK(f.bn(f.ctx.input(Mat::Ones(1, 3))).shape() == Shape{1, 3});
  f.bn.train();
  CHECK_THROWS_AS(f.bn(f.ctx.input(Mat::Ones(1, 3))), ValueError);
  CHECK_THROWS_WITH(f.bn(f.ctx.input(Mat::Ones(1, 3))),
                    "bn (BatchNorm1d 3): a batch of 1 row in train mode has no variance: use batches of "
                    "2 or more rows, or call eval() to use the running statistics");
  CHECK(f.bn.running_mean == before_mean);          // the failed call changed nothing
}

TEST_CASE("batch norm layer: parameters, buffers and a gradient check of the whole layer in double",
          "[nn][batch_norm]") {
  Fixture f;
  CHECK(f.bn.named_params()[0].name == "bn.gamma");
  CHECK(f.bn.named_buffers()[0].name == "bn.running_mean");
  CHECK(f.bn.parameter_count() == 6);
  CHECK_THROWS_AS(BatchNorm1d<>(f.ctx, "x", 3, 1.5), ValueError);
  // loss = Σ (BN(X) ⊙ C) with a fixed C: d/dX, dγ, dβ against central differences
  const Mat C = mat(4, 3, {0.3, -1.2, 0.8, 1.1, 0.4, -0.7, -0.5, 0.9, 0.2, 0.6, -0.3, 1.4});
  const Tensor X = f.ctx.param(f.X1, "X");
  const Tensor Cw = f.ctx.input(C, "C");
  GradcheckOptions opt;
  opt.mode = GradcheckMode::Full;   // every element of X, γ and β
  opt.tolerance = 1e-7;
  for (Mode mode : {Mode::Train, Mode::Eval}) {
    f.bn.set_mode(mode);
    const GradcheckResult r =
        gradcheck_network([&] { return sum(f.bn(X) * Cw); }, {X, f.bn.gamma, f.bn.beta}, opt);
    INFO(r.report());
    CHECK(r.passed);
    CHECK(r.max_rel_error < 1e-7);   // smooth in double: central differences agree to ~1e-9
  }
}

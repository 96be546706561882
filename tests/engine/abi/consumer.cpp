// A program that uses the engine, as one outside this build would: built
// twice by tests/CMakeLists.txt, once with the engine's own flags (it must
// run) and once with other vector flags (it must stop at start-up with the
// engine's message, not crash on its first matrix product).
#include <cstdio>

#include "engine/stepgrad.hpp"

int main() {
  sg::Context ctx;
  const sg::Tensor A = ctx.param(sg::Mat::Constant(3, 3, 2.0), "A");
  const sg::Tensor B = ctx.input(sg::Mat::Identity(3, 3));
  sg::Tensor L = sg::sum(sg::matmul(A, B));
  L.backward();
  std::printf("consumer: sum(A·I) = %g, dL/dA(0,0) = %g\n", L.item(), A.grad()(0, 0));
  return 0;
}

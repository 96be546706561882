// The matrix product, transpose and the reductions.
#include "engine/ops/common.hpp"

namespace sg {

using detail::make;

// Y = X · W.  X (B,in), W (in,out) -> Y (B,out)
const OpInfo info::matmul{"matmul", {"dX += dY · Wᵀ", "dW += Xᵀ · dY"}};
template <typename T>
TensorT<T> matmul(const TensorT<T>& X, const TensorT<T>& W) {
  if (X.cols() != W.rows()) {
    throw ShapeError(fmt::format("matmul: X is {} but W is {}: X.cols must equal W.rows",
                                 to_string(X.shape()), to_string(W.shape())));
  }
  MatT<T> Y(X.rows(), W.cols());
  product(Y, X.value(), W.value(), /*accumulate=*/false, X.ctx().workers());   // no temporary; threads if large
  return make<T>(info::matmul, std::move(Y), {X, W}, [](Node<T>& self) {
    const MatT<T>& dY = self.grad;          // (B,out)
    const MatT<T>& X = self.parent(0).value;  // (B,in)
    const MatT<T>& W = self.parent(1).value;  // (in,out)
    // Each product goes straight into the operand's gradient where it can
    // (Node::accumulate_product): a weight's dW is added by the GEMM itself.
    if (self.needs(0)) self.accumulate_product(0, dY, W.transpose());   // (B,out)·(out,in)
    if (self.needs(1)) self.accumulate_product(1, X.transpose(), dY);   // (in,B)·(B,out)
  });
}
template Tensor matmul(const Tensor&, const Tensor&);
template TensorF matmul(const TensorF&, const TensorF&);

// Y = Xᵀ.  X (m,n) -> Y (n,m)
const OpInfo info::transpose{"transpose", {"dX += dYᵀ"}};
template <typename T>
TensorT<T> transpose(const TensorT<T>& X) {
  MatT<T> Y = X.value().transpose();
  return make<T>(info::transpose, std::move(Y), {X}, [](Node<T>& self) {
    MatT<T> dX = self.grad.transpose();
    self.accumulate(0, std::move(dX));
  });
}
template Tensor transpose(const Tensor&);
template TensorF transpose(const TensorF&);

// Y = Σ X.  X (m,n) -> Y (1,1)
const OpInfo info::sum{"sum", {"dX += dY (copied to every element)"}};
template <typename T>
TensorT<T> sum(const TensorT<T>& X) {
  MatT<T> Y = MatT<T>::Constant(1, 1, X.value().sum());
  return make<T>(info::sum, std::move(Y), {X}, [](Node<T>& self) {
    const auto& X = self.parent(0).value;
    self.accumulate(0, MatT<T>::Constant(X.rows(), X.cols(), self.grad(0, 0)));
  });
}
template Tensor sum(const Tensor&);
template TensorF sum(const TensorF&);
template Tensor sum(const Tensor&, Axis);
template TensorF sum(const TensorF&, Axis);

// Axis::Rows: X (B,n) -> Y (1,n), the rows added together.
// Axis::Cols: X (B,n) -> Y (B,1), the columns added together.
const OpInfo info::sum_rows{"sum_rows", {"dX += dY (copied to every row)"}};
const OpInfo info::sum_cols{"sum_cols", {"dX += dY (copied to every column)"}};
template <typename T>
TensorT<T> sum(const TensorT<T>& X, Axis axis) {
  if (axis == Axis::Rows) {
    MatT<T> Y = X.value().colwise().sum();
    return make<T>(info::sum_rows, std::move(Y), {X}, [](Node<T>& self) {
      self.accumulate(0, self.grad.replicate(self.parent(0).value.rows(), 1));
    });
  }
  MatT<T> Y = X.value().rowwise().sum();
  return make<T>(info::sum_cols, std::move(Y), {X}, [](Node<T>& self) {
    self.accumulate(0, self.grad.replicate(1, self.parent(0).value.cols()));
  });
}

// Y = Σ X / N, N = m·n.  X (m,n) -> Y (1,1)
const OpInfo info::mean{"mean", {"dX += dY / N (copied to every element)"}};
template <typename T>
TensorT<T> mean(const TensorT<T>& X) {
  MatT<T> Y = MatT<T>::Constant(1, 1, X.value().mean());
  return make<T>(info::mean, std::move(Y), {X}, [](Node<T>& self) {
    const auto& X = self.parent(0).value;
    const T dx = self.grad(0, 0) / static_cast<T>(X.size());
    self.accumulate(0, MatT<T>::Constant(X.rows(), X.cols(), dx));
  });
}
template Tensor mean(const Tensor&);
template TensorF mean(const TensorF&);
template Tensor mean(const Tensor&, Axis);
template TensorF mean(const TensorF&, Axis);

// Axis::Rows: X (B,n) -> Y (1,n), the mean row.  Axis::Cols: X (B,n) -> Y (B,1).
const OpInfo info::mean_rows{"mean_rows", {"dX += dY / B (copied to every row)"}};
const OpInfo info::mean_cols{"mean_cols", {"dX += dY / n (copied to every column)"}};
template <typename T>
TensorT<T> mean(const TensorT<T>& X, Axis axis) {
  if (axis == Axis::Rows) {
    MatT<T> Y = X.value().colwise().mean();
    return make<T>(info::mean_rows, std::move(Y), {X}, [](Node<T>& self) {
      const Index B = self.parent(0).value.rows();
      MatT<T> dX = self.grad.replicate(B, 1) / static_cast<T>(B);
      self.accumulate(0, std::move(dX));
    });
  }
  MatT<T> Y = X.value().rowwise().mean();
  return make<T>(info::mean_cols, std::move(Y), {X}, [](Node<T>& self) {
    const Index n = self.parent(0).value.cols();
    MatT<T> dX = self.grad.replicate(1, n) / static_cast<T>(n);
    self.accumulate(0, std::move(dX));
  });
}
}  // namespace sg

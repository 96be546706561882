// Elementwise ops. Y has the broadcast shape of the operands; every backward
// adds local derivative ⊙ upstream (dY) into each parent, summed back to the
// parent's shape where forward broadcast it.
#include "engine/ops/common.hpp"

#include <algorithm>
#include <cmath>

namespace sg {

namespace detail {

Shape broadcast_shape(std::string_view op, Shape a, Shape b) {
  auto fits = [](Index x, Index y) { return x == y || x == 1 || y == 1; };
  if (!fits(a.rows, b.rows) || !fits(a.cols, b.cols)) {
    throw ShapeError(fmt::format(
        "{}: A is {} but B is {}: each dimension must match or be 1 (broadcast)", op,
        to_string(a), to_string(b)));
  }
  return {std::max(a.rows, b.rows), std::max(a.cols, b.cols)};
}

void require_same_shape(std::string_view op, std::string_view name_a, Shape a,
                        std::string_view name_b, Shape b) {
  if (a != b) {
    throw ShapeError(fmt::format("{}: {} is {} but {} is {}: the shapes must be equal", op,
                                 name_a, to_string(a), name_b, to_string(b)));
  }
}

std::string attr_text(std::string_view name, double v) { return fmt::format("{}={:g}", name, v); }

}  // namespace detail

using detail::expand;
using detail::make;
using detail::reduce_to;

// A + B or A − B under broadcasting. The common cases copy nothing: equal
// shapes, a row vector added to every row (the bias), a column vector, a
// scalar. Other broadcasts (a (B,1) and a (1,n), say) expand both operands.
// Adding −B is the same IEEE result as subtracting B, bit for bit.
namespace {
template <typename T>
MatT<T> add_broadcast(const MatT<T>& A, const MatT<T>& B, bool subtract, Shape s) {
  if (shape_of(A) == s) {
    if (shape_of(B) == s) return subtract ? MatT<T>(A - B) : MatT<T>(A + B);
    if (B.size() == 1) return (A.array() + (subtract ? -B(0, 0) : B(0, 0))).matrix();
    if (B.rows() == 1) return subtract ? MatT<T>(A.rowwise() - B.row(0)) : MatT<T>(A.rowwise() + B.row(0));
    if (B.cols() == 1) return subtract ? MatT<T>(A.colwise() - B.col(0)) : MatT<T>(A.colwise() + B.col(0));
  }
  if (!subtract && shape_of(B) == s) return add_broadcast(B, A, false, s);   // A + B = B + A
  return subtract ? MatT<T>(expand(A, s) - expand(B, s)) : MatT<T>(expand(A, s) + expand(B, s));
}
}  // namespace

// Y = A + B
const OpInfo info::add{"add", {"dA += dY (summed to A's shape)", "dB += dY (summed to B's shape)"}};
template <typename T>
TensorT<T> add(const TensorT<T>& A, const TensorT<T>& B) {
  const Shape s = detail::broadcast_shape("add", A.shape(), B.shape());
  MatT<T> Y = add_broadcast(A.value(), B.value(), /*subtract=*/false, s);
  return make<T>(info::add, std::move(Y), {A, B}, [](Node<T>& self) {
    const MatT<T>& dY = self.grad;
    if (self.needs(0)) self.accumulate(0, reduce_to(dY, shape_of(self.parent(0).value)));
    if (self.needs(1)) self.accumulate(1, reduce_to(dY, shape_of(self.parent(1).value)));
  });
}
template Tensor add(const Tensor&, const Tensor&);
template TensorF add(const TensorF&, const TensorF&);

// Y = A - B
const OpInfo info::sub{"sub", {"dA += dY (summed to A's shape)", "dB += -dY (summed to B's shape)"}};
template <typename T>
TensorT<T> sub(const TensorT<T>& A, const TensorT<T>& B) {
  const Shape s = detail::broadcast_shape("sub", A.shape(), B.shape());
  MatT<T> Y = add_broadcast(A.value(), B.value(), /*subtract=*/true, s);
  return make<T>(info::sub, std::move(Y), {A, B}, [](Node<T>& self) {
    const MatT<T>& dY = self.grad;
    if (self.needs(0)) self.accumulate(0, reduce_to(dY, shape_of(self.parent(0).value)));
    // −Σ dY = Σ −dY exactly (negation is exact), and one negation of the
    // reduced gradient is cheaper than negating all of dY first.
    if (self.needs(1)) self.accumulate(1, MatT<T>(-reduce_to(dY, shape_of(self.parent(1).value))));
  });
}
template Tensor sub(const Tensor&, const Tensor&);
template TensorF sub(const TensorF&, const TensorF&);

// Y = A ⊙ B
const OpInfo info::mul{"mul", {"dA += dY ⊙ B (summed to A's shape)", "dB += dY ⊙ A (summed to B's shape)"}};
template <typename T>
TensorT<T> mul(const TensorT<T>& A, const TensorT<T>& B) {
  const Shape s = detail::broadcast_shape("mul", A.shape(), B.shape());
  MatT<T> Y = expand(A.value(), s).cwiseProduct(expand(B.value(), s));
  return make<T>(info::mul, std::move(Y), {A, B}, [s](Node<T>& self) {
    const MatT<T>& dY = self.grad;
    const MatT<T>& A = self.parent(0).value;
    const MatT<T>& B = self.parent(1).value;
    if (self.needs(0)) self.accumulate(0, reduce_to<T>(dY.cwiseProduct(expand(B, s)), shape_of(A)));
    if (self.needs(1)) self.accumulate(1, reduce_to<T>(dY.cwiseProduct(expand(A, s)), shape_of(B)));
  });
}
template Tensor mul(const Tensor&, const Tensor&);
template TensorF mul(const TensorF&, const TensorF&);

// Y = A ⊘ B
const OpInfo info::div{"div", {"dA += dY ⊘ B (summed to A's shape)",
                               "dB += -dY ⊙ A ⊘ B² (summed to B's shape)"}};
template <typename T>
TensorT<T> div(const TensorT<T>& A, const TensorT<T>& B) {
  const Shape s = detail::broadcast_shape("div", A.shape(), B.shape());
  MatT<T> Y = expand(A.value(), s).cwiseQuotient(expand(B.value(), s));
  return make<T>(info::div, std::move(Y), {A, B}, [s](Node<T>& self) {
    const MatT<T>& dY = self.grad;
    const MatT<T>& A = self.parent(0).value;
    const MatT<T>& B = self.parent(1).value;
    const MatT<T> Bx = expand(B, s);
    if (self.needs(0)) self.accumulate(0, reduce_to<T>(dY.cwiseQuotient(Bx), shape_of(A)));
    if (self.needs(1)) {
      MatT<T> dB = -dY.cwiseProduct(expand(A, s)).cwiseQuotient(Bx.cwiseProduct(Bx));
      self.accumulate(1, reduce_to(dB, shape_of(B)));
    }
  });
}
template Tensor div(const Tensor&, const Tensor&);
template TensorF div(const TensorF&, const TensorF&);

// Y = -X
const OpInfo info::neg{"neg", {"dX += -dY"}};
template <typename T>
TensorT<T> neg(const TensorT<T>& X) {
  return make<T>(info::neg, -X.value(), {X}, [](Node<T>& self) {
    self.accumulate(0, -self.grad);
  });
}
template Tensor neg(const Tensor&);
template TensorF neg(const TensorF&);

// Y = X + c
const OpInfo info::add_scalar{"add_scalar", {"dX += dY"}};
template <typename T>
TensorT<T> add_scalar(const TensorT<T>& X, std::type_identity_t<T> c) {
  MatT<T> Y = X.value().array() + c;
  return make<T>(info::add_scalar, std::move(Y), {X}, [](Node<T>& self) {
    self.accumulate(0, self.grad);
  }, detail::attr_text("c", c));
}
template Tensor add_scalar(const Tensor&, double);
template TensorF add_scalar(const TensorF&, float);

// Y = c·X
const OpInfo info::mul_scalar{"mul_scalar", {"dX += c·dY"}};
template <typename T>
TensorT<T> mul_scalar(const TensorT<T>& X, std::type_identity_t<T> c) {
  return make<T>(info::mul_scalar, c * X.value(), {X}, [c](Node<T>& self) {
    self.accumulate(0, c * self.grad);
  }, detail::attr_text("c", c));
}
template Tensor mul_scalar(const Tensor&, double);
template TensorF mul_scalar(const TensorF&, float);

// Y = X^p; for p = 0 the derivative is 0 everywhere, X = 0 included (as
// PyTorch's pow_backward), not p·X^(p-1) = 0·inf = NaN
const OpInfo info::pow{"pow", {"dX += p·X^(p-1) ⊙ dY"}};
template <typename T>
TensorT<T> pow(const TensorT<T>& X, std::type_identity_t<T> p) {
  MatT<T> Y = X.value().array().pow(p);
  return make<T>(info::pow, std::move(Y), {X}, [p](Node<T>& self) {
    const MatT<T>& X = self.parent(0).value;
    if (p == T(0)) {
      self.accumulate(0, MatT<T>::Zero(X.rows(), X.cols()));
      return;
    }
    MatT<T> dX = (p * X.array().pow(p - 1) * self.grad.array()).matrix();
    self.accumulate(0, std::move(dX));
  }, detail::attr_text("p", p));
}
template Tensor pow(const Tensor&, double);
template TensorF pow(const TensorF&, float);

// Y = exp(X); dY/dX = exp(X) = Y
const OpInfo info::exp{"exp", {"dX += exp(X) ⊙ dY"}};
template <typename T>
TensorT<T> exp(const TensorT<T>& X) {
  MatT<T> Y = X.value().array().exp();
  return make<T>(info::exp, std::move(Y), {X}, [](Node<T>& self) {
    self.accumulate(0, self.value.cwiseProduct(self.grad));
  });
}
template Tensor exp(const Tensor&);
template TensorF exp(const TensorF&);

// Y = log(X); dY/dX = 1/X
const OpInfo info::log{"log", {"dX += dY ⊘ X"}};
template <typename T>
TensorT<T> log(const TensorT<T>& X) {
  MatT<T> Y = X.value().array().log();
  return make<T>(info::log, std::move(Y), {X}, [](Node<T>& self) {
    self.accumulate(0, self.grad.cwiseQuotient(self.parent(0).value));
  });
}
template Tensor log(const Tensor&);
template TensorF log(const TensorF&);

// Y = sqrt(X); dY/dX = 1/(2·sqrt(X)) = 1/(2Y)
const OpInfo info::sqrt{"sqrt", {"dX += dY ⊘ (2·sqrt(X))"}};
template <typename T>
TensorT<T> sqrt(const TensorT<T>& X) {
  MatT<T> Y = X.value().cwiseSqrt();
  return make<T>(info::sqrt, std::move(Y), {X}, [](Node<T>& self) {
    MatT<T> dX = self.grad.array() / (T(2) * self.value.array());
    self.accumulate(0, std::move(dX));
  });
}
template Tensor sqrt(const Tensor&);
template TensorF sqrt(const TensorF&);

// Y = |X|; dY/dX = sign(X), taken as 0 at the kink X = 0
const OpInfo info::abs{"abs", {"dX += sign(X) ⊙ dY"}, /*kink_at_zero=*/true};
template <typename T>
TensorT<T> abs(const TensorT<T>& X) {
  return make<T>(info::abs, X.value().cwiseAbs(), {X}, [](Node<T>& self) {
    MatT<T> dX = self.parent(0).value.array().sign() * self.grad.array();
    self.accumulate(0, std::move(dX));
  });
}
template Tensor abs(const Tensor&);
template TensorF abs(const TensorF&);

// Y = X²; dY/dX = 2X
const OpInfo info::square{"square", {"dX += 2·X ⊙ dY"}};
template <typename T>
TensorT<T> square(const TensorT<T>& X) {
  return make<T>(info::square, X.value().cwiseAbs2(), {X}, [](Node<T>& self) {
    MatT<T> dX = T(2) * self.parent(0).value.cwiseProduct(self.grad);
    self.accumulate(0, std::move(dX));
  });
}
template Tensor square(const Tensor&);
template TensorF square(const TensorF&);
}  // namespace sg

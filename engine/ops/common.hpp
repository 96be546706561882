// What the op files share: building a result node, broadcasting, shape rules.
// Internal to engine/; the public API is ops.hpp.
#pragma once

#include <fmt/format.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "engine/ops/ops.hpp"

namespace sg::detail {

// An array view (elementwise arithmetic) of a matrix that outlives it: a
// node's value or a parent's. Spelled out rather than `auto` (STYLE 8: an
// Eigen expression kept in `auto` can dangle); never bind it to a temporary.
template <typename T>
using ArrayView = Eigen::ArrayWrapper<const MatT<T>>;

// The result of op `op` with these inputs as ordered parents. All inputs must
// come from the same Context.
template <typename T>
TensorT<T> make(const OpInfo& op, MatT<T> value, std::initializer_list<TensorT<T>> inputs,
                BackwardFn<T> backward, std::string attr = "") {
  Context& ctx = inputs.begin()->ctx();
  std::vector<std::shared_ptr<Node<T>>> parents;
  parents.reserve(inputs.size());
  for (const TensorT<T>& x : inputs) {
    if (&x.ctx() != &ctx) {
      throw Error(fmt::format(
          "{}: operands come from different sg::Context objects: create every tensor of one "
          "graph from the same Context", op.name));
    }
    parents.push_back(x.node_ptr());
  }
  return ctx.make_result(op, std::move(value), std::move(parents), std::move(backward),
                         std::move(attr));
}

// The shape of A ∘ B under broadcasting, or a ShapeError naming both shapes.
Shape broadcast_shape(std::string_view op, Shape a, Shape b);

// "A is (4,3) but B is (2,5)"-style rule check for ops that need equal shapes.
void require_same_shape(std::string_view op, std::string_view name_a, Shape a,
                        std::string_view name_b, Shape b);

// A repeated to shape s (A's dimensions are s's or 1).
template <typename T>
MatT<T> expand(const MatT<T>& A, Shape s) {
  if (A.rows() == s.rows && A.cols() == s.cols) return A;
  return A.replicate(s.rows / A.rows(), s.cols / A.cols());
}

// G summed back to shape s: the backward of expand.
template <typename T>
MatT<T> reduce_to(const MatT<T>& G, Shape s) {
  if (G.rows() == s.rows && G.cols() == s.cols) return G;
  if (s.rows == 1 && s.cols == 1) return MatT<T>::Constant(1, 1, G.sum());
  if (s.rows == 1) return G.colwise().sum();
  return G.rowwise().sum();
}

// Row-wise log Σ exp computed stably (shifted by the row max). X (B,n) -> (B,1)
template <typename T>
MatT<T> logsumexp_rows(const MatT<T>& X);

// fmt of a scalar parameter for the node's attr ("α=0.01").
std::string attr_text(std::string_view name, double v);

}  // namespace sg::detail

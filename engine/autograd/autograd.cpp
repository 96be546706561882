// The define-by-run machinery: creating nodes, walking the graph, backward.
#include <algorithm>
#include <fmt/format.h>

#include "engine/autograd/tensor.hpp"

namespace sg {

std::string_view to_string(Role r) {
  switch (r) {
    case Role::Input: return "input";
    case Role::Parameter: return "param";
    case Role::Intermediate: return "intermediate";
    case Role::Loss: return "loss";
  }
  return "?";
}

// ---- Node -------------------------------------------------------------------

template <typename T>
Node<T>::~Node() {
  // Whoever drops the last reference to a parent takes its parents over, so
  // the release of a long chain is a loop, not a recursion.
  std::vector<std::shared_ptr<Node>> pending = std::move(parents);
  while (!pending.empty()) {
    std::shared_ptr<Node> p = std::move(pending.back());
    pending.pop_back();
    if (p.use_count() == 1) {
      for (auto& q : p->parents) pending.push_back(std::move(q));
      p->parents.clear();
    }
  }
}

template <typename T>
std::string_view Node<T>::op_name() const {
  if (op) return op->name;
  return role == Role::Parameter ? "param" : "input";
}

template <typename T>
void Node<T>::accumulate(std::size_t i, MatT<T> d) {
  Node& p = *parents[i];
  if (d.rows() != p.value.rows() || d.cols() != p.value.cols()) {
    throw ShapeError(fmt::format(
        "{}: the gradient for operand {} is {} but the operand is {}: a "
        "broadcast in forward must be summed back to the operand's shape in backward",
        op_name(), i, to_string(shape_of(d)), to_string(shape_of(p.value))));
  }
  if (!p.requires_grad) return;   // data: the op computed it anyway
  GraphObserver* trace = ctx->trace();
  if (trace && trace->wants(TraceLevel::Ops)) {
    std::string_view formula = (op && i < op->formulas.size()) ? op->formulas[i] : "";
    trace->contribution(p.id, formula, d);
  }
  const std::uint64_t pass = ctx->backward_pass();
  // Added to what this pass already sent, or to what a leaf holds from
  // earlier passes; otherwise the first contribution simply becomes the
  // gradient (an intermediate's gradient holds the latest pass only).
  if (p.grad_pass == pass || (p.is_leaf() && p.grad.size() != 0)) {
    p.grad += d;
  } else {
    p.grad = std::move(d);
  }
  p.grad_pass = pass;
}

// ---- Context ----------------------------------------------------------------

template <typename T>
TensorT<T> Context::leaf(MatT<T> value, std::string label, Role role, bool requires_grad) {
  if (value.size() == 0) {
    // No op is defined on an empty tensor (the mean of nothing, the softmax
    // of a row without entries), so none is made: the error comes here, where
    // the empty matrix enters the graph, not from deep inside an op.
    const std::string name = !label.empty() ? label : !next_label_.empty() ? next_label_ : "#" + std::to_string(next_id_);
    throw ShapeError(fmt::format("tensor '{}' would be empty, shape ({},{}): every tensor needs at least one "
                                 "element (an empty batch or slice of the data?)",
                                 name, value.rows(), value.cols()));
  }
  auto n = std::make_shared<Node<T>>();
  n->ctx = this;
  n->id = next_id_++;
  n->label = label.empty() ? std::move(next_label_) : std::move(label);
  next_label_.clear();
  n->scope = scope_;
  n->role = role;
  n->requires_grad = requires_grad;
  n->value = std::move(value);
  if (trace_ && trace_->wants(TraceLevel::Ops)) trace_->forward(*n);
  return TensorT<T>(std::move(n));
}

template <typename T>
TensorT<T> Context::make_result(const OpInfo& op, MatT<T> value,
                                std::vector<std::shared_ptr<Node<T>>> parents,
                                BackwardFn<T> backward, std::string attr) {
  auto n = std::make_shared<Node<T>>();
  n->ctx = this;
  n->id = next_id_++;
  n->op = &op;
  n->role = op.is_loss ? Role::Loss : Role::Intermediate;
  n->attr = std::move(attr);
  n->label = std::move(next_label_);
  next_label_.clear();
  n->scope = scope_;
  n->value = std::move(value);
  if (grad_enabled_) {
    // Record the graph (diagrams show it even when nothing needs a gradient),
    // but only nodes downstream of something learnable get a backward.
    n->requires_grad = std::any_of(parents.begin(), parents.end(),
                                   [](const auto& p) { return p->requires_grad; });
    n->parents = std::move(parents);
    if (n->requires_grad) n->backward = std::move(backward);
  }
  if (trace_ && trace_->wants(TraceLevel::Ops)) trace_->forward(*n);
  return TensorT<T>(std::move(n));
}

Scope::Scope(Context& ctx, std::string_view name) : ctx_(ctx), saved_(ctx.scope_) {
  ctx.scope_ = saved_.empty() ? std::string(name) : saved_ + "/" + std::string(name);
}

// ---- graph walks ------------------------------------------------------------

template <typename T>
std::vector<Node<T>*> topological_order(Node<T>& root, bool only_requires_grad) {
  const std::uint64_t mark = root.ctx->next_mark();
  std::vector<Node<T>*> order;
  // (node, index of the next parent to visit): an explicit stack instead of
  // recursion, so a 100,000-op chain does not overflow the call stack.
  std::vector<std::pair<Node<T>*, std::size_t>> stack;
  // Room for a lecture-sized graph up front: growing from empty cost five
  // allocations per backward pass of a 12-node network.
  order.reserve(32);
  stack.reserve(32);
  stack.emplace_back(&root, 0);
  root.mark = mark;
  while (!stack.empty()) {
    auto& [node, next] = stack.back();
    if (next < node->parents.size()) {
      Node<T>* p = node->parents[next++].get();
      if (p->mark != mark && (!only_requires_grad || p->requires_grad)) {
        p->mark = mark;
        stack.emplace_back(p, 0);
      }
    } else {
      order.push_back(node);
      stack.pop_back();
    }
  }
  return order;
}

// ---- Tensor -----------------------------------------------------------------

template <typename T>
std::string describe(const TensorT<T>& t) {
  return t.label().empty() ? fmt::format("#{}", t.id()) : t.label();
}

template <typename T>
Node<T>& TensorT<T>::node() const {
  if (!node_) throw ValueError(
      "tensor: this handle is empty (default-constructed): assign it a leaf from a Context "
      "(ctx.input, ctx.param, ctx.scalar) or the result of an op before using it");
  return *node_;
}

template <typename T>
T TensorT<T>::item() const {
  const auto& v = node().value;
  if (v.rows() != 1 || v.cols() != 1) {
    throw ValueError(fmt::format("item: tensor '{}' is {}, not a scalar (1,1)", describe(*this),
                                 to_string(shape())));
  }
  return v(0, 0);
}

template <typename T>
void TensorT<T>::backward() {
  if (rows() != 1 || cols() != 1) {
    throw ShapeError(fmt::format(
        "backward: output '{}' is {}: a non-scalar output needs a seed of its shape, "
        "backward(seed)", describe(*this), to_string(shape())));
  }
  backward(MatT<T>::Ones(1, 1));
}

template <typename T>
void TensorT<T>::backward(const MatT<T>& seed) {
  Node<T>& root = node();
  if (seed.rows() != root.value.rows() || seed.cols() != root.value.cols()) {
    throw ShapeError(fmt::format("backward: seed is {} but output '{}' is {}: they must match",
                                 to_string(shape_of(seed)), describe(*this), to_string(shape())));
  }
  if (!root.requires_grad) {
    throw ValueError(fmt::format(
        "backward: '{}' ({}) does not depend on any tensor that requires a gradient "
        "(was it computed under NoGrad, or from inputs only?)", describe(*this), op_name()));
  }
  GraphObserver* trace = root.ctx->trace();
  const bool tracing = trace && trace->wants(TraceLevel::Ops);
  // Traced passes visit data nodes too, so every node gets its backward event.
  std::vector<Node<T>*> order = topological_order(root, /*only_requires_grad=*/!tracing);

  // A pass stamp instead of zeroing every gradient first: the first
  // contribution a node gets in this pass replaces what it held (Node::accumulate).
  Context& ctx = *root.ctx;
  const std::uint64_t pass = ctx.next_mark();
  struct PassGuard {   // backward_pass() is this pass's stamp until we leave, even by an exception
    Context& ctx;
    ~PassGuard() { ctx.backward_pass_ = 0; }
  } guard{ctx};
  ctx.backward_pass_ = pass;
  if (root.is_leaf() && root.grad.size() != 0) {
    root.grad += seed;
  } else {
    root.grad = seed;
  }
  root.grad_pass = pass;

  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    Node<T>& n = **it;
    if (n.requires_grad && !n.is_leaf() && n.grad_pass != pass) {
      n.grad.setZero(n.value.rows(), n.value.cols());   // reached, but sent nothing: upstream 0
      n.grad_pass = pass;
    }
    if (tracing) trace->begin_backward(n);
    try {
      if (!n.is_leaf()) n.backward(n);
    } catch (...) {
      // The event of the op that threw, with what it sent before throwing, is
      // the one a student debugging that op needs: write it, then rethrow.
      if (tracing) trace->end_backward();
      throw;
    }
    if (tracing) trace->end_backward();
  }
  // A parameter on the path that received nothing still ends with a gradient (0).
  for (Node<T>* n : order) {
    if (n->requires_grad && n->is_leaf() && n->grad.size() == 0) n->grad.setZero(n->value.rows(), n->value.cols());
  }
}

template <typename T>
TensorT<T>& TensorT<T>::set_requires_grad(bool on) {
  Node<T>& n = node();
  if (!n.is_leaf() || n.op) {
    throw ValueError(fmt::format(
        "set_requires_grad: '{}' is the result of {}, not a leaf: whether it needs a gradient follows "
        "from its inputs (set it on the leaves)", describe(*this), n.op_name()));
  }
  n.requires_grad = on;
  return *this;
}

template <typename T>
void TensorT<T>::zero_grad() {
  Node<T>& n = node();
  if (n.grad.size() != 0) n.grad.setZero();
}

// ---- the two precisions -----------------------------------------------------

template struct Node<double>;
template struct Node<float>;
template class TensorT<double>;
template class TensorT<float>;
template Tensor Context::leaf(Mat, std::string, Role, bool);
template TensorF Context::leaf(MatF, std::string, Role, bool);
template Tensor Context::make_result(const OpInfo&, Mat, std::vector<std::shared_ptr<Node<double>>>,
                                     BackwardFn<double>, std::string);
template TensorF Context::make_result(const OpInfo&, MatF, std::vector<std::shared_ptr<Node<float>>>,
                                      BackwardFn<float>, std::string);
template std::vector<Node<double>*> topological_order(Node<double>&, bool);
template std::vector<Node<float>*> topological_order(Node<float>&, bool);
template std::string describe(const Tensor&);
template std::string describe(const TensorF&);

}  // namespace sg

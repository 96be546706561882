// Tensor: a handle to one node of the computation graph.
//
// A node owns its value (an Eigen matrix), its gradient, the op that made it,
// its ordered parents, a label and a layer scope. Children hold their parents
// through shared_ptr and parents never point back, so the graph is a DAG of
// owning edges: dropping the last handle to the loss frees every node.
//
// The engine's state (node ids, grad mode, layer scope, trace) lives in an
// explicit sg::Context that every leaf is created from; results find it through
// their operands. There is no global state.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "engine/autograd/observer.hpp"
#include "engine/core/error.hpp"
#include "engine/core/product.hpp"
#include "engine/core/shape.hpp"

namespace sg {

class Context;

// What a node is for; the diagrams colour nodes by role.
enum class Role { Input, Parameter, Intermediate, Loss };
std::string_view to_string(Role r);

// Static description of an op: its name, one chain-rule formula per parent
// (the trace and the diagrams print them), and whether its derivative has a
// kink at input 0 == 0 (gradcheck then accepts one-sided derivatives there),
// and whether its result is a loss (role Loss from the moment it is created,
// so the trace's forward event already says so).
struct OpInfo {
  std::string_view name;
  std::vector<std::string_view> formulas;
  bool kink_at_zero = false;
  bool is_loss = false;
};

template <typename T>
struct Node;

// A backward function receives the node it belongs to (it never captures it:
// a node capturing itself would be a shared_ptr cycle) and calls
// self.accumulate(i, dParent_i) for each parent that needs a gradient.
template <typename T>
using BackwardFn = std::function<void(Node<T>& self)>;

template <typename T>
struct Node {
  static_assert(std::is_same_v<T, double> || std::is_same_v<T, float>,
                "stepgrad nodes hold double or float");

  Context* ctx = nullptr;
  std::int64_t id = 0;             // creation order within ctx
  const OpInfo* op = nullptr;      // nullptr for leaves
  std::string attr;                // op parameter as text, e.g. "α=0.01"
  std::string label;
  std::string scope;               // layer scope, "" at top level
  Role role = Role::Intermediate;
  bool requires_grad = false;
  MatT<T> value;
  MatT<T> grad;                    // empty until a backward pass reaches it
  std::vector<std::shared_ptr<Node>> parents;
  BackwardFn<T> backward;
  std::uint64_t mark = 0;          // visit stamp used by graph walks
  std::uint64_t grad_pass = 0;     // the backward pass that last wrote grad

  Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  // Releases the parent chain iteratively: a 100,000-op chain must not
  // overflow the stack through nested destructors.
  ~Node();

  bool is_leaf() const { return !backward; }
  std::string_view op_name() const;
  Node& parent(std::size_t i) { return *parents[i]; }
  // Does parent i want a gradient? Backward functions skip the work if not.
  bool needs(std::size_t i) const { return parents[i]->requires_grad; }
  // parent(i).grad += d, after checking d has parent i's shape (a broadcast
  // that was not reduced is caught here) and telling the trace. The first
  // contribution of a pass to an intermediate node (or to a leaf without a
  // gradient yet) is moved in, not added to zeros: pass d as an rvalue.
  void accumulate(std::size_t i, MatT<T> d);
  // parent(i).grad += A·B. When the parent already holds a gradient to add
  // into (a parameter after zero_grad) and no trace wants the contribution,
  // the product is added in place by the GEMM itself: no temporary, no
  // second pass over the result.
  template <typename LhsT, typename RhsT>
  void accumulate_product(std::size_t i, const LhsT& A, const RhsT& B);
};

template <typename T>
class TensorT {
 public:
  TensorT() = default;
  explicit TensorT(std::shared_ptr<Node<T>> node) : node_(std::move(node)) {}

  bool defined() const { return node_ != nullptr; }
  const MatT<T>& value() const { return node().value; }
  // Writable value for leaves (optimisers, gradcheck); changing the value of
  // an intermediate does not re-run the ops that depend on it.
  MatT<T>& value_mut() { return node().value; }
  const MatT<T>& grad() const { return node().grad; }
  MatT<T>& grad_mut() { return node().grad; }
  bool has_grad() const { return node().grad.size() != 0; }
  Shape shape() const { return shape_of(node().value); }
  Index rows() const { return node().value.rows(); }
  Index cols() const { return node().value.cols(); }
  // The value of a 1x1 tensor; throws ValueError for any other shape.
  T item() const;

  std::int64_t id() const { return node().id; }
  const std::string& label() const { return node().label; }
  TensorT& set_label(std::string label) { node().label = std::move(label); return *this; }
  Role role() const { return node().role; }
  TensorT& set_role(Role r) { node().role = r; return *this; }
  std::string_view op_name() const { return node().op_name(); }
  bool requires_grad() const { return node().requires_grad; }
  // Leaves only (freezing a parameter, asking for d/dx of an input): ops
  // created afterwards follow the new setting. Throws ValueError for an op's
  // result, whose setting follows from its parents.
  TensorT& set_requires_grad(bool on);
  Context& ctx() const { return *node().ctx; }

  // d(this)/d(every node it depends on). The output must be 1x1 (seed 1) or a
  // seed of its shape must be given. Gradients of leaves accumulate across
  // calls (call zero_grad() or let the optimiser do it); gradients of
  // intermediate nodes hold the latest pass only. See docs/engine.md.
  void backward();
  void backward(const MatT<T>& seed);
  void zero_grad();

  Node<T>& node() const;
  const std::shared_ptr<Node<T>>& node_ptr() const { return node_; }

 private:
  std::shared_ptr<Node<T>> node_;
};

using Tensor = TensorT<double>;
using TensorF = TensorT<float>;

// "W1" or, for an unlabelled tensor, "#3": how messages name a tensor.
template <typename T>
std::string describe(const TensorT<T>& t);

// The engine's explicit state. Create one per program (or per test), create
// leaves from it, pass it around. It must outlive the tensors made from it.
class Context {
 public:
  // `trace`: the observer that records this graph's events (usually an
  // sg::Trace), or none.
  explicit Context(GraphObserver* trace = nullptr) : trace_(trace) {}
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  // Data: no gradient unless asked for (gradcheck, ch01's dy/dx).
  template <typename T = double>
  TensorT<T> input(std::type_identity_t<MatT<T>> value, std::string label = "",
                   bool requires_grad = false) {
    return leaf<T>(std::move(value), std::move(label), Role::Input, requires_grad);
  }
  // Learnable: always requires a gradient.
  template <typename T = double>
  TensorT<T> param(std::type_identity_t<MatT<T>> value, std::string label = "") {
    return leaf<T>(std::move(value), std::move(label), Role::Parameter, true);
  }
  // A 1x1 input that requires a gradient: the lecture's x, w, b.
  template <typename T = double>
  TensorT<T> scalar(T value, std::string label = "", bool requires_grad = true) {
    MatT<T> m(1, 1);
    m(0, 0) = value;
    return leaf<T>(std::move(m), std::move(label), Role::Input, requires_grad);
  }
  template <typename T>
  TensorT<T> leaf(MatT<T> value, std::string label, Role role, bool requires_grad);

  // Builds the node of an op's result. Ops call this and nothing else.
  template <typename T>
  TensorT<T> make_result(const OpInfo& op, MatT<T> value,
                         std::vector<std::shared_ptr<Node<T>>> parents,
                         BackwardFn<T> backward, std::string attr = "");

  GraphObserver* trace() const { return trace_; }
  void set_trace(GraphObserver* trace) { trace_ = trace; }
  // Large matrix products of this graph run on this many threads (default 1).
  // The results are the same bits for every count (engine/core/workers.hpp).
  void set_threads(int threads) { workers_ = threads == 1 ? nullptr : std::make_unique<Workers>(threads); }
  int threads() const { return workers_ ? workers_->threads() : 1; }
  Workers* workers() const { return workers_.get(); }
  bool grad_enabled() const { return grad_enabled_; }
  const std::string& scope() const { return scope_; }
  // The next node created (leaf or op result) gets this label, so that its
  // forward event already carries the name: ctx.name_next("y"); y = sigmoid(a);
  void name_next(std::string label) { next_label_ = std::move(label); }
  std::int64_t nodes_created() const { return next_id_; }
  std::uint64_t next_mark() { return ++mark_; }
  // The stamp of the backward pass running now (0 outside backward).
  std::uint64_t backward_pass() const { return backward_pass_; }

 private:
  friend class NoGrad;
  friend class Scope;
  GraphObserver* trace_ = nullptr;
  std::unique_ptr<Workers> workers_;
  bool grad_enabled_ = true;
  std::string scope_;
  std::string next_label_;
  std::int64_t next_id_ = 0;
  std::uint64_t mark_ = 0;
  std::uint64_t backward_pass_ = 0;
  template <typename T> friend class TensorT;
};

// An observer that watches a Context in place of the observer it had: it
// attaches itself when constructed, passes every event on to that one
// (`pass_on`), and puts it back when destroyed. The backward-frame recorder
// and anomaly mode are these; a Trace behind one is still found (trace_of).
template <typename Derived>
class Interposer : public ObserverOf<Derived> {
 public:
  explicit Interposer(Context& ctx) : ctx_(ctx), previous_(ctx.trace()) { ctx.set_trace(this); }
  ~Interposer() override { ctx_.set_trace(previous_); }
  Interposer(const Interposer&) = delete;
  Interposer& operator=(const Interposer&) = delete;

  // The observer it replaced and passes events on to (nullptr if none).
  GraphObserver* previous() const { return previous_; }
  GraphObserver* passes_to() const override { return previous_; }

 protected:
  // The observer it replaced, when that one records op events.
  GraphObserver* pass_on() const {
    return previous_ && previous_->wants(TraceLevel::Ops) ? previous_ : nullptr;
  }
  Context& context() const { return ctx_; }

 private:
  Context& ctx_;
  GraphObserver* previous_;
};

// While alive, ops record no graph and no gradient (evaluation, updates).
class NoGrad {
 public:
  explicit NoGrad(Context& ctx) : ctx_(ctx), saved_(ctx.grad_enabled_) { ctx.grad_enabled_ = false; }
  ~NoGrad() { ctx_.grad_enabled_ = saved_; }
  NoGrad(const NoGrad&) = delete;
  NoGrad& operator=(const NoGrad&) = delete;

 private:
  Context& ctx_;
  bool saved_;
};

// While alive, new nodes get this layer scope ("layer1"; nested: "mlp/layer1").
// Diagrams draw one cluster per scope and can collapse it into one box.
class Scope {
 public:
  Scope(Context& ctx, std::string_view name);
  ~Scope() { ctx_.scope_ = std::move(saved_); }
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

 private:
  Context& ctx_;
  std::string saved_;
};

template <typename T>
template <typename LhsT, typename RhsT>
void Node<T>::accumulate_product(std::size_t i, const LhsT& A, const RhsT& B) {
  Node& p = *parents[i];
  if (!p.requires_grad) return;
  const GraphObserver* trace = ctx->trace();
  const bool traced = trace && trace->wants(TraceLevel::Ops);
  const bool has_this_pass = p.grad_pass == ctx->backward_pass() || (p.is_leaf() && p.grad.size() != 0);
  if (traced || !has_this_pass || A.rows() != p.grad.rows() || B.cols() != p.grad.cols()) {
    MatT<T> d(A.rows(), B.cols());
    product(d, A, B, /*accumulate=*/false, ctx->workers());
    accumulate(i, std::move(d));   // checks the shape, tells the trace
    return;
  }
  product(p.grad, A, B, /*accumulate=*/true, ctx->workers());
  p.grad_pass = ctx->backward_pass();
}

// Every node reachable from root (root included), parents before children,
// parents visited in order: the deterministic order of backward and of
// diagrams. Iterative, so deep chains are fine. With only_requires_grad, the
// walk does not enter nodes that need no gradient.
template <typename T>
std::vector<Node<T>*> topological_order(Node<T>& root, bool only_requires_grad = false);

}  // namespace sg

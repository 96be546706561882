// sg::gradcheck: central differences in double against backward().
// The bands, the diagnosis of failures and the report are in gradcheck_diagnose.cpp.
#include "engine/gradcheck/gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <memory>

#include "engine/core/random.hpp"

namespace sg {

namespace {

// One forward evaluation. The context (builder mode) is declared first so that
// it is destroyed last, after the nodes made from it.
struct Built {
  std::unique_ptr<Context> ctx;
  std::vector<Tensor> inputs;
  Tensor out;
};

// What gradcheck needs from its two front ends (a builder, a built network).
struct Problem {
  std::vector<Mat> base;                             // x
  std::vector<std::string> labels;
  std::vector<bool> requires_grad;
  std::function<Built(const std::vector<Mat>&)> build;
};

// F at one x, and the input 0 of every kink op, in creation order.
struct Eval {
  Mat F;
  std::vector<Mat> kink_inputs;
};

// Σ v ⊙ (F1 - F0): the difference of f = Σ v ⊙ F, taken element by element so
// that the outputs x±h leaves unchanged add no rounding noise.
double f_diff(const Mat& v, const Eval& f1, const Eval& f0) {
  return (v.array() * (f1.F - f0.F).array()).sum();
}

Eval evaluate(const Problem& p, const std::vector<Mat>& x, const Mat& v) {
  Built b = p.build(x);
  if (b.out.rows() != v.rows() || b.out.cols() != v.cols()) {
    throw ShapeError(fmt::format("gradcheck: the output is {} at a perturbed input but {} at x: "
                                 "the builder must return the same shape every time",
                                 to_string(b.out.shape()), to_string(shape_of(v))));
  }
  Eval e;
  e.F = b.out.value();
  std::vector<Node<double>*> kinks;
  for (Node<double>* n : topological_order(b.out.node())) {
    if (n->op && n->op->kink_at_zero && !n->parents.empty()) kinks.push_back(n);
  }
  std::sort(kinks.begin(), kinks.end(), [](auto* a, auto* b) { return a->id < b->id; });
  for (Node<double>* n : kinks) e.kink_inputs.push_back(n->parent(0).value);
  return e;
}

// Did some kink op's input cross (or touch) 0 between x+h and x-h? The two
// graphs correspond node by node; if their kink ops differ, nothing is said.
bool crossed_kink(const Eval& plus, const Eval& minus) {
  if (plus.kink_inputs.size() != minus.kink_inputs.size()) return false;
  for (std::size_t k = 0; k < plus.kink_inputs.size(); ++k) {
    const Mat& P = plus.kink_inputs[k];
    const Mat& M = minus.kink_inputs[k];
    if (P.rows() != M.rows() || P.cols() != M.cols()) return false;
    for (Index i = 0; i < P.size(); ++i) {
      const double p = P(i), m = M(i);
      if (p * m < 0 || ((p == 0 || m == 0) && p != m)) return true;
    }
  }
  return false;
}

// The analytic side: gradients from backward(v) on one build at x.
struct Analytic {
  std::vector<Mat> grads;
  std::vector<bool> accumulates;
  std::vector<std::vector<std::string>> consumers;
  std::string error;                // what backward threw
  std::vector<bool> culprit;        // inputs the throwing op takes by broadcast
  double noise = 0.0;               // atol · max(1, Σ|v ⊙ F|)
};

// Replays backward node by node, as TensorT::backward does, to find the node
// whose backward threw, and marks the inputs it took by broadcast (or, if
// none, every input it takes; if none, every input).
std::vector<bool> find_culprits(Built& b, const Mat& v) {
  std::vector<bool> culprit(b.inputs.size(), false);
  std::vector<Node<double>*> order = topological_order(b.out.node(), true);
  for (Node<double>* n : order) n->grad.setZero(n->value.rows(), n->value.cols());
  b.out.node().grad += v;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    Node<double>& n = **it;
    if (n.is_leaf()) continue;
    try {
      n.backward(n);
    } catch (const ShapeError&) {
      bool any = false;
      for (int pass = 0; pass < 2 && !any; ++pass) {
        for (std::size_t i = 0; i < b.inputs.size(); ++i) {
          for (const auto& p : n.parents) {
            const bool broadcast = shape_of(p->value) != shape_of(n.value);
            if (p.get() == &b.inputs[i].node() && (pass == 1 || broadcast)) culprit[i] = any = true;
          }
        }
      }
      if (!any) culprit.assign(culprit.size(), true);
      return culprit;
    }
  }
  culprit.assign(culprit.size(), true);
  return culprit;
}

Analytic analytic_side(const Problem& p, const Mat& v, const GradcheckOptions& opt) {
  const std::size_t m = p.base.size();
  Analytic an;
  an.grads.resize(m);
  an.accumulates.assign(m, true);
  an.consumers.resize(m);
  an.culprit.assign(m, false);
  Built b = p.build(p.base);
  an.noise = opt.atol * std::max(1.0, (v.array() * b.out.value().array()).abs().sum());

  for (Node<double>* n : topological_order(b.out.node())) {
    for (std::size_t i = 0; i < m; ++i) {
      auto& names = an.consumers[i];
      for (const auto& parent : n->parents) {
        const bool takes = parent.get() == &b.inputs[i].node();
        if (takes && std::find(names.begin(), names.end(), n->op_name()) == names.end()) {
          names.emplace_back(n->op_name());
        }
      }
    }
  }
  auto read_grads = [&] {
    std::vector<Mat> g(m);
    for (std::size_t i = 0; i < m; ++i) {
      g[i] = b.inputs[i].has_grad() ? b.inputs[i].grad() : Mat::Zero(p.base[i].rows(), p.base[i].cols());
    }
    return g;
  };
  if (!b.out.requires_grad()) {     // nothing to differentiate: the gradient is 0
    an.grads = read_grads();
    return an;
  }
  try {
    b.out.backward(v);
  } catch (const NotImplemented&) {
    throw;   // an unfinished exercise, not a wrong gradient: the caller says so
  } catch (const ShapeError& e) {
    an.error = e.what();
    an.culprit = find_culprits(b, v);
    return an;
  } catch (const Error& e) {
    an.error = e.what();   // no input to blame: the report shows the message
    return an;
  }
  an.grads = read_grads();
  for (std::size_t i = 0; i < m; ++i) {
    if (shape_of(an.grads[i]) != shape_of(p.base[i])) {
      an.error = fmt::format("gradcheck: the gradient of '{}' is {} but the input is {}", p.labels[i],
                             to_string(shape_of(an.grads[i])), to_string(shape_of(p.base[i])));
      an.culprit[i] = true;
    }
  }
  if (!an.error.empty() || !opt.check_accumulation) return an;

  // Backward again on the same graph: leaf gradients must double. An op that
  // assigns (grad = ...) instead of accumulating leaves them as they were.
  // Up to rounding: (g + c1) + c2 need not be bit-equal to 2·(c1 + c2).
  b.out.backward(v);
  const std::vector<Mat> twice = read_grads();
  for (std::size_t i = 0; i < m; ++i) {
    if (!p.requires_grad[i]) continue;
    const double off = (twice[i] - 2.0 * an.grads[i]).norm();
    an.accumulates[i] = off <= 1e-10 * an.grads[i].norm() + 1e-300;
  }
  return an;
}

// Judges one element: analytic a against the probe's numeric derivative.
void judge(ElementCheck& e, double a, double noise, const GradcheckOptions& opt) {
  e.analytic = a;
  if (e.at_kink) {
    const double lo = std::min(e.left, e.right), hi = std::max(e.left, e.right);
    const double slack = opt.kink_tolerance * std::max(std::abs(lo), std::abs(hi)) + noise;
    e.rel_error = relative_error(a, std::clamp(a, lo, hi));
    e.passed = a >= lo - slack && a <= hi + slack;
    e.band = e.passed && e.rel_error >= kBandOk ? Band::Ok : band_of(e.rel_error);
    return;
  }
  e.rel_error = relative_error(a, e.numeric);
  // Only an element that would fail on its relative error is saved by the floor.
  e.below_noise = e.rel_error > opt.tolerance && std::abs(a - e.numeric) <= noise;
  e.passed = e.rel_error <= opt.tolerance || e.below_noise;
  e.band = e.below_noise ? Band::Good : band_of(e.rel_error);
}

// The numeric side of one element or direction: x moved to xp and xm by the
// steps hp and hm (as represented: (x + h) - x need not be exactly h).
ElementCheck probe(const Problem& p, const std::vector<Mat>& xp, const std::vector<Mat>& xm,
                   double hp, double hm, const Eval& f0, const Mat& v) {
  const Eval plus = evaluate(p, xp, v);
  const Eval minus = evaluate(p, xm, v);
  ElementCheck e;
  e.numeric = f_diff(v, plus, minus) / (hp + hm);
  e.at_kink = crossed_kink(plus, minus);
  if (e.at_kink) {
    e.right = f_diff(v, plus, f0) / hp;
    e.left = f_diff(v, f0, minus) / hm;
  }
  return e;
}

// Row-major linear indices of the elements to check.
std::vector<Index> chosen_elements(Index size, const GradcheckOptions& opt, Generator& gen) {
  std::vector<Index> all(static_cast<std::size_t>(size));
  for (Index k = 0; k < size; ++k) all[static_cast<std::size_t>(k)] = k;
  if (opt.mode == GradcheckMode::Full || opt.samples >= size) return all;
  // A partial Fisher–Yates shuffle: `samples` distinct elements, then sorted.
  const auto k = static_cast<std::size_t>(std::max(opt.samples, 0));
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t j = i + static_cast<std::size_t>(gen.below(all.size() - i));
    std::swap(all[i], all[j]);
  }
  all.resize(k);
  std::sort(all.begin(), all.end());
  return all;
}

void check_input(const Problem& p, std::size_t i, const Mat& A, const Eval& f0, const Mat& v, double noise,
                 const GradcheckOptions& opt, Generator& gen, InputCheck& in) {
  std::vector<Mat> xp = p.base, xm = p.base;
  const Mat& X = p.base[i];
  if (opt.mode == GradcheckMode::Directional) {
    for (int k = 0; k < opt.directions; ++k) {
      Mat d = gen.normal_matrix(X.rows(), X.cols());
      d /= std::max(d.norm(), 1e-300);
      xp[i] = X + opt.eps * d;
      xm[i] = X - opt.eps * d;
      ElementCheck e = probe(p, xp, xm, opt.eps, opt.eps, f0, v);
      e.col = k;
      judge(e, A.cwiseProduct(d).sum(), noise, opt);
      in.elements.push_back(e);
    }
    return;
  }
  for (Index k : chosen_elements(X.size(), opt, gen)) {
    const Index r = k / X.cols(), c = k % X.cols();
    const double x = X(r, c);
    xp[i](r, c) = x + opt.eps;
    xm[i](r, c) = x - opt.eps;
    ElementCheck e = probe(p, xp, xm, xp[i](r, c) - x, x - xm[i](r, c), f0, v);
    xp[i](r, c) = xm[i](r, c) = x;
    e.row = r;
    e.col = c;
    judge(e, A(r, c), noise, opt);
    in.elements.push_back(e);
  }
}

GradcheckResult run_gradcheck(const Problem& p, const GradcheckOptions& opt) {
  if (!(opt.eps > 0)) throw ValueError(fmt::format("gradcheck: eps is {} but must be > 0", opt.eps));
  if ((opt.mode == GradcheckMode::Sampled && opt.samples < 1) ||
      (opt.mode == GradcheckMode::Directional && opt.directions < 1)) {
    throw ValueError(fmt::format("gradcheck: samples is {} and directions {}: both must be >= 1",
                                 opt.samples, opt.directions));
  }
  Generator gen(opt.seed);
  GradcheckResult res;
  res.mode = opt.mode;
  res.eps = opt.eps;
  res.tolerance = opt.tolerance;

  // The cotangent: 1 for a scalar output, random otherwise (a fixed v = 1
  // would hide errors that cancel in a plain sum).
  const Shape out_shape = p.build(p.base).out.shape();
  const Mat v = out_shape.size() == 1 ? Mat::Ones(1, 1) : gen.normal_matrix(out_shape.rows, out_shape.cols);
  const Analytic an = analytic_side(p, v, opt);
  res.backward_error = an.error;
  const Eval f0 = an.error.empty() ? evaluate(p, p.base, v) : Eval{};

  for (std::size_t i = 0; i < p.base.size(); ++i) {
    if (!p.requires_grad[i]) continue;
    InputCheck in;
    in.label = p.labels[i];
    in.shape = shape_of(p.base[i]);
    in.consumers = an.consumers[i];
    if (!an.error.empty()) {
      in.passed = false;
      if (an.culprit[i]) {
        in.cause = Cause::BroadcastNotReduced;
        detail::diagnose(in, Mat(), an.noise);
      } else {
        in.detail = "not checked: backward threw before this input's gradient was complete";
      }
      res.inputs.push_back(std::move(in));
      continue;
    }
    check_input(p, i, an.grads[i], f0, v, an.noise, opt, gen, in);
    for (const ElementCheck& e : in.elements) {
      in.passed = in.passed && e.passed;
      if (!e.below_noise) in.max_rel_error = std::max(in.max_rel_error, e.rel_error);
    }
    if (!an.accumulates[i]) {
      in.passed = false;
      in.cause = Cause::OverwriteNotAccumulate;
    }
    if (!in.passed) detail::diagnose(in, an.grads[i], an.noise);
    res.max_rel_error = std::max(res.max_rel_error, in.max_rel_error);
    res.inputs.push_back(std::move(in));
  }
  res.passed = an.error.empty() &&
               std::all_of(res.inputs.begin(), res.inputs.end(), [](const auto& in) { return in.passed; });
  return res;
}

}  // namespace

GradcheckResult gradcheck(const GradcheckBuilder& f, const std::vector<GradcheckInput>& inputs,
                          const GradcheckOptions& options) {
  Problem p;
  for (const GradcheckInput& in : inputs) {
    p.base.push_back(in.value);
    p.labels.push_back(in.label);
    p.requires_grad.push_back(in.requires_grad);
  }
  p.build = [&](const std::vector<Mat>& x) {
    Built b;
    b.ctx = std::make_unique<Context>();
    for (std::size_t i = 0; i < x.size(); ++i) {
      b.inputs.push_back(b.ctx->input<double>(x[i], p.labels[i], p.requires_grad[i]));
    }
    b.out = f(b.inputs);
    if (!b.out.defined()) throw ValueError("gradcheck: the builder returned an empty tensor");
    return b;
  };
  return run_gradcheck(p, options);
}

GradcheckResult gradcheck(const GradcheckBuilder& f, const std::vector<Mat>& inputs,
                          const GradcheckOptions& options) {
  std::vector<GradcheckInput> in;
  for (std::size_t i = 0; i < inputs.size(); ++i) in.push_back({inputs[i], fmt::format("x{}", i), true});
  return gradcheck(f, in, options);
}

GradcheckOptions network_gradcheck_options() {
  GradcheckOptions o;
  o.mode = GradcheckMode::Directional;
  return o;
}

namespace {
// Puts the parameters' values and gradients and the context's trace back as
// they were, however gradcheck_network leaves.
class NetworkRestore {
 public:
  explicit NetworkRestore(const std::vector<Tensor>& params) : params_(params) {
    for (Tensor& t : params_) {
      values_.push_back(t.value());
      grads_.push_back(t.grad());
      t.grad_mut() = Mat();
    }
    if (!params_.empty()) {
      trace_ = params_.front().ctx().trace();
      params_.front().ctx().set_trace(nullptr);   // thousands of evaluations: not for the trace
    }
  }
  ~NetworkRestore() {
    for (std::size_t i = 0; i < params_.size(); ++i) {
      params_[i].value_mut() = values_[i];
      params_[i].grad_mut() = grads_[i];
    }
    if (!params_.empty()) params_.front().ctx().set_trace(trace_);
  }
  NetworkRestore(const NetworkRestore&) = delete;
  NetworkRestore& operator=(const NetworkRestore&) = delete;

 private:
  std::vector<Tensor> params_;
  std::vector<Mat> values_, grads_;
  GraphObserver* trace_ = nullptr;
};
}  // namespace

GradcheckResult gradcheck_network(const std::function<Tensor()>& loss, const std::vector<Tensor>& params,
                                  const GradcheckOptions& options) {
  NetworkRestore restore(params);
  Problem p;
  for (const Tensor& t : params) {
    p.base.push_back(t.value());
    p.labels.push_back(t.label().empty() ? fmt::format("#{}", t.id()) : t.label());
    p.requires_grad.push_back(true);
  }
  p.build = [&](const std::vector<Mat>& x) {
    Built b;
    b.inputs = params;
    for (std::size_t i = 0; i < x.size(); ++i) {
      b.inputs[i].value_mut() = x[i];
      b.inputs[i].grad_mut() = Mat();   // each build's backward starts from 0
    }
    b.out = loss();
    return b;
  };
  return run_gradcheck(p, options);
}

}  // namespace sg

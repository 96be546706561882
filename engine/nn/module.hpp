// Module: the base of every layer and of Sequential.
//
// A module has a name ("fc1"), a kind ("Linear"), a mode (Train or Eval),
// its parameters in a fixed order with dotted names ("fc1.W", "fc1.b"),
// its buffers (state that is not learnt, e.g. BatchNorm's running
// statistics: checkpoints save and restore them), and a forward pass built
// inside a Scope named after the module so diagrams cluster by layer.
//
// Freezing: a frozen parameter is a leaf with requires_grad() == false, so
// backward computes nothing for it and optimisers skip it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/autograd/tensor.hpp"

namespace sg {

enum class Mode { Train, Eval };
std::string_view to_string(Mode m);

template <typename T>
struct NamedParam {
  std::string name;     // "fc1.W"
  TensorT<T> tensor;
};

template <typename T>
struct NamedBuffer {
  std::string name;     // "bn1.running_mean"
  MatT<T>* value;       // owned by the module; valid while it lives
};

template <typename T = double>
class Module {
 public:
  explicit Module(std::string name = "") : name_(std::move(name)) {}
  virtual ~Module() = default;
  Module(const Module&) = default;
  Module& operator=(const Module&) = default;
  Module(Module&&) noexcept = default;
  Module& operator=(Module&&) noexcept = default;

  // X (B,in) -> (B,out). Behaviour may depend on mode() (Dropout, BatchNorm).
  virtual TensorT<T> forward(const TensorT<T>& X) = 0;
  TensorT<T> operator()(const TensorT<T>& X) { return forward(X); }

  virtual std::string kind() const = 0;
  // "Linear 128→10": kind and sizes, for messages and the summary.
  virtual std::string describe() const { return kind(); }
  const std::string& name() const { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }

  // Every parameter (children's included, their names prefixed), in a fixed
  // order; frozen ones too.
  virtual std::vector<NamedParam<T>> named_params() const { return {}; }
  virtual std::vector<NamedBuffer<T>> named_buffers() { return {}; }
  std::vector<TensorT<T>> params() const;
  // The parameters that are not frozen.
  std::vector<TensorT<T>> trainable_params() const;
  Index parameter_count() const;
  Index trainable_parameter_count() const;

  // Sets the mode of this module and (Sequential) of every child.
  virtual void set_mode(Mode m) { mode_ = m; }
  void train() { set_mode(Mode::Train); }
  void eval() { set_mode(Mode::Eval); }
  Mode mode() const { return mode_; }
  bool training() const { return mode_ == Mode::Train; }

  // The output shape for an input of shape `in`; throws ShapeError as
  // forward would. Default: the shape is unchanged (activations).
  virtual Shape output_shape(Shape in) const { return in; }

  // Freeze (requires_grad false) or unfreeze every parameter of this module
  // and its children, or one parameter by its name in named_params(); an
  // unknown name is a ValueError that lists the names.
  void freeze();
  void unfreeze();
  void freeze(const std::string& param_name);
  void unfreeze(const std::string& param_name);

 protected:
  // "fc1.W" from "W", or "W" for a module with no name.
  std::string qualified(const std::string& local) const {
    return name_.empty() ? local : name_ + "." + local;
  }

 private:
  std::string name_;
  Mode mode_ = Mode::Train;
};

// A Scope named after the module, or none for an unnamed module.
class ModuleScope {
 public:
  ModuleScope(Context& ctx, const std::string& name);
  ModuleScope(const ModuleScope&) = delete;
  ModuleScope& operator=(const ModuleScope&) = delete;

 private:
  std::optional<Scope> scope_;
};

}  // namespace sg

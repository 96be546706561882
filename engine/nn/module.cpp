#include "engine/nn/module.hpp"

#include <fmt/format.h>

namespace sg {

std::string_view to_string(Mode m) { return m == Mode::Train ? "train" : "eval"; }

template <typename T>
std::vector<TensorT<T>> Module<T>::params() const {
  std::vector<TensorT<T>> out;
  for (const NamedParam<T>& p : named_params()) out.push_back(p.tensor);
  return out;
}

template <typename T>
std::vector<TensorT<T>> Module<T>::trainable_params() const {
  std::vector<TensorT<T>> out;
  for (const NamedParam<T>& p : named_params()) {
    if (p.tensor.requires_grad()) out.push_back(p.tensor);
  }
  return out;
}

template <typename T>
Index Module<T>::parameter_count() const {
  Index n = 0;
  for (const NamedParam<T>& p : named_params()) n += p.tensor.shape().size();
  return n;
}

template <typename T>
Index Module<T>::trainable_parameter_count() const {
  Index n = 0;
  for (const NamedParam<T>& p : named_params()) {
    if (p.tensor.requires_grad()) n += p.tensor.shape().size();
  }
  return n;
}

template <typename T>
void Module<T>::freeze() {
  for (NamedParam<T>& p : named_params()) p.tensor.set_requires_grad(false);
}

template <typename T>
void Module<T>::unfreeze() {
  for (NamedParam<T>& p : named_params()) p.tensor.set_requires_grad(true);
}

namespace {
template <typename T>
void set_one(const Module<T>& m, const std::string& param_name, bool on) {
  std::string names;
  for (NamedParam<T>& p : m.named_params()) {
    if (p.name == param_name) {
      p.tensor.set_requires_grad(on);
      return;
    }
    names += (names.empty() ? "" : ", ") + p.name;
  }
  throw ValueError(fmt::format("{}: {} has no parameter named \"{}\": its parameters are {}",
                               on ? "unfreeze" : "freeze",
                               m.name().empty() ? m.kind() : m.name(), param_name,
                               names.empty() ? "(none)" : names));
}
}  // namespace

template <typename T>
void Module<T>::freeze(const std::string& param_name) { set_one(*this, param_name, false); }

template <typename T>
void Module<T>::unfreeze(const std::string& param_name) { set_one(*this, param_name, true); }

ModuleScope::ModuleScope(Context& ctx, const std::string& name) {
  if (!name.empty()) scope_.emplace(ctx, name);
}

template class Module<double>;
template class Module<float>;

}  // namespace sg

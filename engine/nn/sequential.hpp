// Sequential: layers applied in order, itself a Module (so it nests).
//
//   Sequential<> model;
//   model.emplace<Linear<>>(ctx, "fc1", 2, 16, gen);
//   model.emplace<Tanh<>>();
//   model.emplace<Linear<>>(ctx, "fc2", 16, 1, gen);
//   Tensor Z = model(X);
//
// train()/eval() reach every layer; named_params() lists the layers'
// parameters in order ("fc1.W", "fc1.b", "fc2.W", ...), prefixed by the
// Sequential's own name when it has one ("mlp.fc1.W"). An unnamed layer
// is named when added: its kind in lower case and its position ("tanh_1").
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/nn/module.hpp"

namespace sg {

template <typename T = double>
class Sequential : public Module<T> {
 public:
  explicit Sequential(std::string name = "") : Module<T>(std::move(name)) {}
  Sequential(const Sequential&) = delete;
  Sequential& operator=(const Sequential&) = delete;
  Sequential(Sequential&&) noexcept = default;
  Sequential& operator=(Sequential&&) noexcept = default;

  // Appends a layer (it takes the Sequential's mode) and returns it.
  Module<T>& add(std::unique_ptr<Module<T>> layer);
  template <typename Layer, typename... Args>
  Layer& emplace(Args&&... args) {
    auto layer = std::make_unique<Layer>(std::forward<Args>(args)...);
    Layer& ref = *layer;
    add(std::move(layer));
    return ref;
  }

  std::size_t size() const { return layers_.size(); }
  // Layer i; ValueError naming the size when i is out of range.
  Module<T>& at(std::size_t i);
  const Module<T>& at(std::size_t i) const;

  TensorT<T> forward(const TensorT<T>& X) override;
  std::string kind() const override { return "Sequential"; }
  std::vector<NamedParam<T>> named_params() const override;
  std::vector<NamedBuffer<T>> named_buffers() override;
  void set_mode(Mode m) override;
  Shape output_shape(Shape in) const override;

 private:
  std::vector<std::unique_ptr<Module<T>>> layers_;
};

}  // namespace sg

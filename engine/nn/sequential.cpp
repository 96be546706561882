#include "engine/nn/sequential.hpp"

#include <fmt/format.h>

#include <cctype>

namespace sg {

template <typename T>
Module<T>& Sequential<T>::add(std::unique_ptr<Module<T>> layer) {
  if (!layer) throw ValueError("Sequential::add: the layer is null");
  if (layer->name().empty()) {
    std::string kind = layer->kind();
    for (char& c : kind) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    layer->set_name(fmt::format("{}_{}", kind, layers_.size()));
  }
  layer->set_mode(this->mode());
  layers_.push_back(std::move(layer));
  return *layers_.back();
}

template <typename T>
const Module<T>& Sequential<T>::at(std::size_t i) const {
  if (i >= layers_.size()) {
    throw ValueError(fmt::format("Sequential::at({}): the model has {} layers (0 to {})", i,
                                 layers_.size(), layers_.empty() ? 0 : layers_.size() - 1));
  }
  return *layers_[i];
}

template <typename T>
Module<T>& Sequential<T>::at(std::size_t i) {
  return const_cast<Module<T>&>(std::as_const(*this).at(i));
}

template <typename T>
TensorT<T> Sequential<T>::forward(const TensorT<T>& X) {
  if (layers_.empty()) throw ValueError("Sequential::forward: the model has no layers: add some first");
  ModuleScope scope(X.ctx(), this->name());
  TensorT<T> Y = X;
  for (const std::unique_ptr<Module<T>>& layer : layers_) Y = layer->forward(Y);
  return Y;
}

template <typename T>
std::vector<NamedParam<T>> Sequential<T>::named_params() const {
  std::vector<NamedParam<T>> out;
  for (const std::unique_ptr<Module<T>>& layer : layers_) {
    for (NamedParam<T>& p : layer->named_params()) out.push_back({this->qualified(p.name), p.tensor});
  }
  return out;
}

template <typename T>
std::vector<NamedBuffer<T>> Sequential<T>::named_buffers() {
  std::vector<NamedBuffer<T>> out;
  for (const std::unique_ptr<Module<T>>& layer : layers_) {
    for (NamedBuffer<T>& b : layer->named_buffers()) out.push_back({this->qualified(b.name), b.value});
  }
  return out;
}

template <typename T>
void Sequential<T>::set_mode(Mode m) {
  Module<T>::set_mode(m);
  for (const std::unique_ptr<Module<T>>& layer : layers_) layer->set_mode(m);
}

template <typename T>
Shape Sequential<T>::output_shape(Shape in) const {
  for (const std::unique_ptr<Module<T>>& layer : layers_) in = layer->output_shape(in);
  return in;
}

template class Sequential<double>;
template class Sequential<float>;

}  // namespace sg

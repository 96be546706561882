#include "engine/nn/summary.hpp"

#include <fmt/format.h>

#include "engine/nn/sequential.hpp"

namespace sg {

std::string thousands(Index n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

namespace {

constexpr int kNameWidth = 29;    // Keras's column stops: 29, 26, then the count
constexpr int kShapeWidth = 26;
constexpr int kLineWidth = 65;

// "text" padded to width, or followed by one space when it is longer.
std::string column(const std::string& text, int width) {
  const int len = static_cast<int>(text.size());
  return len < width ? text + std::string(static_cast<std::size_t>(width - len), ' ') : text + " ";
}

template <typename T>
std::string row(const Module<T>& layer, Shape in) {
  const Shape out = layer.output_shape(in);
  return column(" " + layer.name() + " (" + layer.kind() + ")", kNameWidth) +
         column(fmt::format("(None, {})", out.cols), kShapeWidth) + thousands(layer.parameter_count()) + "\n";
}

}  // namespace

template <typename T>
std::string summary(Module<T>& model, Shape input_shape) {
  const std::string rule(kLineWidth, '_');
  const std::string double_rule(kLineWidth, '=');
  std::string s = fmt::format("Model: \"{}\"\n", model.name().empty() ? std::string("sequential") : model.name());
  s += rule + "\n";
  s += column(" Layer (type)", kNameWidth) + column("Output Shape", kShapeWidth) + "Param #\n";
  s += double_rule + "\n";
  Shape shape = input_shape;
  if (auto* seq = dynamic_cast<Sequential<T>*>(&model)) {
    for (std::size_t i = 0; i < seq->size(); ++i) {
      s += row(seq->at(i), shape);
      shape = seq->at(i).output_shape(shape);
    }
  } else {
    s += row(model, shape);
  }
  s += double_rule + "\n";
  const Index total = model.parameter_count();
  const Index trainable = model.trainable_parameter_count();
  s += "Total params: " + thousands(total) + "\n";
  s += "Trainable params: " + thousands(trainable) + "\n";
  s += "Non-trainable params: " + thousands(total - trainable) + "\n";
  Index buffers = 0;
  for (const NamedBuffer<T>& b : model.named_buffers()) buffers += b.value->size();
  if (buffers > 0) s += "Buffers (running statistics, not params): " + thousands(buffers) + "\n";
  s += rule + "\n";
  return s;
}

template std::string summary(Module<double>&, Shape);
template std::string summary(Module<float>&, Shape);

}  // namespace sg

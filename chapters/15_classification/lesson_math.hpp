// Chapter 15's helpers that are not exercises, header-only so that
// tests/chapters/ch15_classification/test_lesson.cpp can run them: the
// pictures (image grids, the confusion matrix), the two losses
// the lecture's sigmoid output gets, and the models of the improvements.
#pragma once

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "chapters/common/plot.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch15 {

using MatF = MatT<float>;

// ---- images -------------------------------------------------------------------

// Short class names for the pictures' labels.
inline std::string short_name(int c) {
  static const char* names[] = {"T-shirt", "Trouser", "Pullover", "Dress", "Coat",
                                "Sandal",  "Shirt",   "Sneaker",  "Bag",   "Boot"};
  return c >= 0 && c < 10 ? names[c] : std::to_string(c);
}

// A picture of images side by side, `cols` per row, each under its label
// (one line or two, "a\nb"), dark on white, as a gnuplot image
// (book::Shading with a grey palette) with the labels as gnuplot labels.
inline book::Plot image_grid(const std::string& name, const std::string& title, const std::vector<MatF>& images,
                             const std::vector<std::string>& labels, Index side, int cols, bool two_lines = false) {
  const int n = static_cast<int>(images.size());
  const int rows = std::max(1, (n + cols - 1) / cols);
  const Index gap = std::max<Index>(2, side / 4);             // between tiles
  const Index band = two_lines ? side * 3 / 4 : side * 3 / 8;  // the label's strip above a tile
  const Index tile_w = side + gap, tile_h = side + band;
  const Index nx = cols * tile_w - gap, ny = rows * tile_h;
  book::Shading g;
  g.nx = static_cast<int>(nx);
  g.ny = static_cast<int>(ny);
  g.x0 = 0.0, g.x1 = static_cast<double>(nx - 1), g.y0 = 0.0, g.y1 = static_cast<double>(ny - 1);
  g.z.assign(static_cast<std::size_t>(nx * ny), 0.0);
  book::Plot p(name, title, "", "");
  p.extra = {"unset grid", "unset key", "unset border", "unset xtics", "unset ytics", "set size ratio -1",
             "set palette defined (0 'white', 1 'black')"};
  for (int i = 0; i < n; ++i) {
    const Index x0 = (i % cols) * tile_w;
    const Index top = ny - 1 - (i / cols) * tile_h - band;   // y of the tile's first pixel row
    for (Index r = 0; r < side; ++r) {
      for (Index c = 0; c < side; ++c) {
        const double v = std::clamp(static_cast<double>(images[static_cast<std::size_t>(i)](0, r * side + c)), 0.0, 1.0);
        g.z[static_cast<std::size_t>((top - r) * nx + x0 + c)] = v;
      }
    }
    const double lx = static_cast<double>(x0) + static_cast<double>(side - 1) / 2.0;
    const double ly = static_cast<double>(top) + static_cast<double>(band) / 2.0 + 0.5;
    std::string text = labels[static_cast<std::size_t>(i)];
    for (char& ch : text) {
      if (ch == '"') ch = '\'';
    }
    p.extra.push_back(fmt::format("set label {} \"{}\" at {},{} center front font ',8'", i + 1, text, lx, ly));
  }
  p.xrange = {-0.5, static_cast<double>(nx) - 0.5};
  p.yrange = {-0.5, static_cast<double>(ny) - 0.5};
  p.shading = std::move(g);
  return p;
}

// The confusion matrix as a picture: row t (true class, top to bottom),
// column p (predicted); each cell coloured by its share of its row and
// labelled with its count.
inline book::Plot confusion_picture(const std::string& name, const std::string& title, const Eigen::MatrixXi& C) {
  const int k = static_cast<int>(C.rows());
  book::Shading g;
  g.nx = g.ny = k;
  g.x0 = g.y0 = 0.0;
  g.x1 = g.y1 = static_cast<double>(k - 1);
  g.z.assign(static_cast<std::size_t>(k * k), 0.0);
  book::Plot p(name, title, "predicted class", "true class");
  p.extra = {"unset grid", "unset key", "set palette defined (0 'white', 1 '#1f4e79')", "set size ratio -1",
             "set tics scale 0", "set xtics rotate by 40 right font ',10'", "set ytics font ',10'"};
  std::string xt = "set xtics (", yt = "set ytics (";
  int label = 0;
  for (int t = 0; t < k; ++t) {
    const double row = std::max(1, C.row(t).sum());
    const int y = k - 1 - t;
    for (int c = 0; c < k; ++c) {
      const double share = C(t, c) / row;
      g.z[static_cast<std::size_t>(y * k + c)] = share;
      p.extra.push_back(fmt::format("set label {} \"{}\" at {},{} center front font ',9' textcolor rgb '{}'", ++label,
                                    C(t, c), c, y, share > 0.5 ? "white" : "black"));
    }
    xt += fmt::format("{}\"{}\" {}", t ? ", " : "", short_name(t), t);
    yt += fmt::format("{}\"{}\" {}", t ? ", " : "", short_name(t), y);
  }
  p.extra.push_back(xt + ")");
  p.extra.push_back(yt + ")");
  p.xrange = {-0.5, k - 0.5};
  p.yrange = {-0.5, k - 0.5};
  p.shading = std::move(g);
  return p;
}

// The largest off-diagonal count: {true class, predicted class, count}.
struct Confusion {
  int truth = 0, predicted = 0, count = 0;
};
inline Confusion most_confused(const Eigen::MatrixXi& C) {
  Confusion best;
  for (int t = 0; t < C.rows(); ++t) {
    for (int p = 0; p < C.cols(); ++p) {
      if (t != p && C(t, p) > best.count) best = {t, p, C(t, p)};
    }
  }
  return best;
}

// ---- the lecture's sigmoid output and two losses for it ------------------------

// Keras's epsilon: probabilities are kept at least this far from 0.
inline constexpr float kKerasEpsilon = 1e-7f;

// The lecture's categorical cross-entropy taken as written (lecture 000):
// L = −(1/N) Σ_i Σ_j y_ij log(ŷ_ij), with ŷ the sigmoid outputs themselves.
// Only the true class's output appears: nothing pushes the others down.
inline LossFn<float> literal_cross_entropy() {
  return [](const TensorT<float>& P, const Batch<float>& b) {
    const TensorT<float> Y = P.ctx().input<float>(one_hot<float>(b.labels, P.cols()), "Y");
    return mul_scalar(sum(mul(Y, log(add_scalar(P, kKerasEpsilon)))), -1.0f / static_cast<float>(P.rows()))
        .set_label("loss")
        .set_role(Role::Loss);
  };
}

// What Keras's categorical_crossentropy does with outputs that are not a
// distribution: divides each row by its sum first, then takes the
// cross-entropy (it clips to [ε, 1 − ε]; here ε is added, which is the same
// away from 0 and 1).
inline LossFn<float> keras_cross_entropy() {
  return [](const TensorT<float>& P, const Batch<float>& b) {
    const TensorT<float> Y = P.ctx().input<float>(one_hot<float>(b.labels, P.cols()), "Y");
    const TensorT<float> Q = div(P, sum(P, Axis::Cols));
    return mul_scalar(sum(mul(Y, log(add_scalar(Q, kKerasEpsilon)))), -1.0f / static_cast<float>(P.rows()))
        .set_label("loss")
        .set_role(Role::Loss);
  };
}

// ---- the models -------------------------------------------------------------------

// One recipe of the improvements: hidden layers (Linear → [BatchNorm] → ReLU
// → [Dropout]), then Linear to the 10 logits; the optimiser, batch and epochs.
struct Recipe {
  std::string key;                  // results and files: "baseline", "dropout", ...
  std::string name;                 // what the step changes: "+ dropout 0.2", ...
  std::vector<Index> hidden;        // units per hidden layer
  double dropout = 0.0;             // after every hidden layer; 0: none
  bool batch_norm = false;          // between each Linear and its ReLU
  bool adam = false;                // Adam(lr) instead of SGD(lr, momentum 0.9)
  double lr = 0.01;
  Index batch = 32;
  int epochs = 10;
  int patience = 0;                 // > 0: early stopping on val_loss, best weights restored
};

// A model and what it needs to live: its Context (the graph's home) and the
// generator its dropout masks and batches come from.
template <typename T>
struct NetT {
  std::unique_ptr<Context> ctx;
  std::unique_ptr<Generator> gen;
  Sequential<T> model{"mlp"};
};
using Net = NetT<float>;

// The recipe's network for `inputs` pixels, its weights drawn from `seed`
// (He for the hidden layers, Xavier for the output layer).
template <typename T = float>
std::unique_ptr<NetT<T>> build_net(const Recipe& r, Index inputs, std::uint64_t seed, GraphObserver* trace) {
  auto net = std::make_unique<NetT<T>>();
  net->ctx = std::make_unique<Context>(trace);
  net->gen = std::make_unique<Generator>(seed);
  Index in = inputs;
  for (std::size_t l = 0; l < r.hidden.size(); ++l) {
    const Index out = r.hidden[l];
    net->model.template emplace<Linear<T>>(*net->ctx, fmt::format("fc{}", l + 1), in, out, *net->gen, Init::He);
    if (r.batch_norm) net->model.template emplace<BatchNorm1d<T>>(*net->ctx, fmt::format("bn{}", l + 1), out);
    net->model.template emplace<ReLU<T>>();
    if (r.dropout > 0.0) net->model.template emplace<Dropout<T>>(r.dropout, *net->gen);
    in = out;
  }
  net->model.template emplace<Linear<T>>(*net->ctx, "out", in, 10, *net->gen);
  return net;
}

inline std::unique_ptr<Optimizer<float>> make_optimizer(const Recipe& r, Module<float>& model) {
  if (r.adam) return std::make_unique<Adam<float>>(model.trainable_params(), AdamOptions{.lr = r.lr});
  return std::make_unique<SGD<float>>(model.trainable_params(), SGDOptions{.lr = r.lr, .momentum = 0.9});
}

// The mean over rows of each row's sum: 1 for probabilities.
inline double mean_row_sum(const MatF& P) {
  return P.rows() == 0 ? 0.0 : static_cast<double>(P.rowwise().sum().mean());
}

}  // namespace sg::ch15

// Accuracy, confusion matrices and History (metrics.hpp).
#include "engine/train/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "engine/core/error.hpp"

namespace sg {

namespace {

template <typename T>
void check_batch(const char* who, const MatT<T>& Z, const std::vector<int>& labels) {
  if (Z.rows() != static_cast<Index>(labels.size())) {
    throw ShapeError(fmt::format("{}: Z is {} but there are {} labels: Z needs one row per label",
                                 who, to_string(shape_of(Z)), labels.size()));
  }
  if (labels.empty()) throw ValueError(fmt::format("{}: an empty batch has no accuracy", who));
}

}  // namespace

template <typename T>
std::vector<int> predicted_classes(const MatT<T>& Z) {
  std::vector<int> out(static_cast<std::size_t>(Z.rows()));
  for (Index r = 0; r < Z.rows(); ++r) {
    if (Z.cols() == 1) {
      out[static_cast<std::size_t>(r)] = Z(r, 0) > T(0) ? 1 : 0;
      continue;
    }
    Index best = 0;
    for (Index c = 1; c < Z.cols(); ++c) {
      if (Z(r, c) > Z(r, best)) best = c;
    }
    out[static_cast<std::size_t>(r)] = static_cast<int>(best);
  }
  return out;
}

template <typename T>
double accuracy(const MatT<T>& Z, const std::vector<int>& labels) {
  check_batch("accuracy", Z, labels);
  const std::vector<int> predicted = predicted_classes(Z);
  std::int64_t right = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) right += predicted[i] == labels[i] ? 1 : 0;
  return static_cast<double>(right) / static_cast<double>(labels.size());
}

template <typename T>
double top_k_accuracy(const MatT<T>& Z, const std::vector<int>& labels, int k) {
  check_batch("top_k_accuracy", Z, labels);
  if (k < 1 || k > Z.cols()) {
    throw ValueError(fmt::format("top_k_accuracy: k = {} but Z has {} classes: k must be in [1, {}]", k,
                                 Z.cols(), Z.cols()));
  }
  std::int64_t right = 0;
  for (Index r = 0; r < Z.rows(); ++r) {
    const int y = labels[static_cast<std::size_t>(r)];
    if (y < 0 || y >= Z.cols()) continue;
    // The label is in the top k when fewer than k logits beat it.
    Index above = 0;
    for (Index c = 0; c < Z.cols(); ++c) above += Z(r, c) > Z(r, y) ? 1 : 0;
    right += above < k ? 1 : 0;
  }
  return static_cast<double>(right) / static_cast<double>(labels.size());
}

Eigen::MatrixXi confusion_matrix(const std::vector<int>& labels, const std::vector<int>& predicted,
                                 int classes) {
  if (labels.size() != predicted.size()) {
    throw ShapeError(fmt::format("confusion_matrix: {} labels but {} predictions: one each per row",
                                 labels.size(), predicted.size()));
  }
  Eigen::MatrixXi counts = Eigen::MatrixXi::Zero(classes, classes);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < 0 || labels[i] >= classes || predicted[i] < 0 || predicted[i] >= classes) {
      throw ValueError(fmt::format("confusion_matrix: row {} has label {} and prediction {}: both "
                                   "must be in [0, {})", i, labels[i], predicted[i], classes));
    }
    ++counts(labels[i], predicted[i]);
  }
  return counts;
}

std::string render_confusion(const Eigen::MatrixXi& counts, const std::vector<std::string>& names) {
  const auto name = [&](Index k) {
    return static_cast<std::size_t>(k) < names.size() ? names[static_cast<std::size_t>(k)] : std::to_string(k);
  };
  std::size_t width = std::string("true\\pred").size();
  for (Index k = 0; k < counts.rows(); ++k) width = std::max(width, name(k).size());
  for (Index k = 0; k < counts.size(); ++k) width = std::max(width, std::to_string(counts.data()[k]).size());
  std::string out = fmt::format("{:<{}}", "true\\pred", width);
  for (Index c = 0; c < counts.cols(); ++c) out += fmt::format(" {:>{}}", name(c), width);
  out += '\n';
  for (Index r = 0; r < counts.rows(); ++r) {
    out += fmt::format("{:<{}}", name(r), width);
    for (Index c = 0; c < counts.cols(); ++c) out += fmt::format(" {:>{}}", counts(r, c), width);
    out += '\n';
  }
  return out;
}

// ---- History ----------------------------------------------------------------

bool higher_is_better(const std::string& name) { return name.find("acc") != std::string::npos; }

void History::add_epoch(const Metrics& metrics) {
  const double missing = std::numeric_limits<double>::quiet_NaN();
  for (const auto& [name, value] : metrics) {
    (void)value;
    if (!has(name)) {
      index_[name] = names_.size();
      names_.push_back(name);
      values_.emplace_back(static_cast<std::size_t>(epochs_), missing);
    }
  }
  for (std::vector<double>& s : values_) s.push_back(missing);
  for (const auto& [name, value] : metrics) values_[index_.at(name)].back() = value;
  ++epochs_;
}

const std::vector<double>& History::series(const std::string& name) const {
  const auto it = index_.find(name);
  if (it == index_.end()) {
    throw ValueError(fmt::format("History: no series '{}'; there are: {}", name,
                                 names_.empty() ? std::string("none") : fmt::format("{}", fmt::join(names_, ", "))));
  }
  return values_[it->second];
}

std::int64_t History::best_epoch(const std::string& name) const {
  const std::vector<double>& s = series(name);
  const bool higher = higher_is_better(name);
  std::int64_t best = -1;
  for (std::size_t e = 0; e < s.size(); ++e) {
    if (std::isnan(s[e])) continue;
    if (best < 0 || (higher ? s[e] > s[static_cast<std::size_t>(best)] : s[e] < s[static_cast<std::size_t>(best)])) {
      best = static_cast<std::int64_t>(e);
    }
  }
  if (best < 0) throw ValueError(fmt::format("History: series '{}' has no number yet", name));
  return best;
}

double History::best(const std::string& name) const {
  return series(name)[static_cast<std::size_t>(best_epoch(name))];
}

std::string History::to_csv() const {
  std::string out = "epoch";
  for (const std::string& n : names_) out += "," + n;
  out += '\n';
  for (std::int64_t e = 0; e < epochs_; ++e) {
    out += std::to_string(e + 1);
    for (const std::vector<double>& s : values_) out += fmt::format(",{:.17g}", s[static_cast<std::size_t>(e)]);
    out += '\n';
  }
  return out;
}

template std::vector<int> predicted_classes(const Mat&);
template std::vector<int> predicted_classes(const MatF&);
template double accuracy(const Mat&, const std::vector<int>&);
template double accuracy(const MatF&, const std::vector<int>&);
template double top_k_accuracy(const Mat&, const std::vector<int>&, int);
template double top_k_accuracy(const MatF&, const std::vector<int>&, int);

}  // namespace sg

// Chapter 15, parts 1 to 3: the lecture's steps 4 to 6 on Fashion-MNIST.
// Load the files (the engine's IDX reader; the student's header parser,
// exercise 15.1, on the same bytes), count the classes, draw one image of
// each; scale (the lecture's min-max scaler, exercise 15.2, fitted on the
// training split only); one-hot targets.
#include <zlib.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "chapters/15_classification/exercises.hpp"
#include "chapters/15_classification/lesson.hpp"

namespace sg::ch15 {

namespace {

constexpr double kValFraction = 0.1;   // the validation split, out of the training images read
constexpr Index kExerciseRows = 2000;  // rows the student's scaler is compared on

using book::num;

// The first `n` bytes of a file, decompressed if it is gzip'd (zlib reads both).
std::vector<std::uint8_t> first_bytes(const std::filesystem::path& file, int n) {
  gzFile f = gzopen(file.c_str(), "rb");
  if (f == nullptr) throw IoError(fmt::format("{}: cannot open it to read its header", file.string()));
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(n));
  const int got = gzread(f, bytes.data(), static_cast<unsigned>(n));
  gzclose(f);
  bytes.resize(static_cast<std::size_t>(std::max(got, 0)));
  return bytes;
}

// Exercise 15.1 on the real files: the student's reading of the two headers
// against what the engine's reader found.
void idx_headers(book::Chapter& ch, const std::filesystem::path& images, const std::filesystem::path& labels,
                 Index loaded) {
  const std::vector<std::uint8_t> ih = first_bytes(images, 16), lh = first_bytes(labels, 8);
  ch.say(fmt::format("The first 16 bytes of {} (after gunzip):", images.filename().string()));
  std::string hex;
  for (std::uint8_t b : ih) hex += fmt::format("{:02x} ", b);
  ch.say("  " + hex);
  ch.part("your parse_idx_header on the two files' headers", [&] {
    const IdxHeader h = parse_idx_header(ih), l = parse_idx_header(lh);
    ch.result("idx.type", h.type);
    ch.result("idx.dims", h.dims);
    if (h.sizes.size() == 3) {
      ch.result("idx.count", static_cast<double>(h.sizes[0]));
      ch.result("idx.rows", static_cast<double>(h.sizes[1]));
      ch.result("idx.cols", static_cast<double>(h.sizes[2]));
    }
    if (l.sizes.size() == 1) ch.result("idx.label_count", static_cast<double>(l.sizes[0]));
    // The engine read `loaded` 28x28 images of unsigned bytes from the same file.
    const bool agrees = h.type == 8 && h.dims == 3 && h.sizes.size() == 3 && h.sizes[0] >= loaded &&
                        h.sizes[1] == 28 && h.sizes[2] == 28 && l.type == 8 && l.dims == 1 &&
                        l.sizes.size() == 1 && l.sizes[0] == h.sizes[0];
    ch.result("idx.your_header_agrees", agrees ? "yes" : "no");
  });
}

// One image of each class: the first of each in `ds`.
book::Plot one_per_class(const DatasetF& ds, Index side, const std::string& name, const std::string& title) {
  std::vector<MatF> images;
  std::vector<std::string> labels;
  for (int c = 0; c < 10; ++c) {
    const auto it = std::find(ds.labels.begin(), ds.labels.end(), c);
    if (it == ds.labels.end()) continue;
    images.push_back(ds.X.row(it - ds.labels.begin()));
    labels.push_back(fmt::format("{} {}", c, kFashionMnistClasses[static_cast<std::size_t>(c)]));
  }
  return image_grid(name, title, images, labels, side, 5);
}

}  // namespace

Settings resolved(const Settings& s, bool quick) {
  Settings r = s;
  r.quick = quick;
  // --quick is what the tests run, several times, in a build without
  // optimisation and with the sanitizers: every part trains, on 7×7 images,
  // for a few seconds in all.
  if (r.train == 0) r.train = quick ? 1000 : 60000;
  if (r.test == 0) r.test = quick ? 500 : 10000;
  if (r.pool == 0) r.pool = quick ? 4 : 1;
  if (r.epochs == 0) r.epochs = quick ? 2 : 10;
  if (r.batch == 0) r.batch = quick ? 16 : 32;
  if (r.lecture_epochs == 0) r.lecture_epochs = quick ? 20 : 500;
  return r;
}

Data load(book::Chapter& ch, const Settings& s) {
  ch.section("The data: Fashion-MNIST");
  const std::filesystem::path dir = s.data_dir;
  ch.say(fmt::format(
      "Lecture 001's exercise loads MNIST's handwritten digits; we load Fashion-MNIST (Xiao, Rasul and\n"
      "Vollgraf 2017), the same format and sizes with ten kinds of clothing instead, which is harder.\n"
      "The files are in {}\n"
      "(Debian's package dataset-fashion-mnist; --data-dir for another folder), in the IDX format:\n"
      "a short header, then one byte per pixel.",
      dir.string()));
  const DatasetF all = fashion_mnist<float>(MnistSplit::Train, dir, s.train);
  Data d;
  d.test = fashion_mnist<float>(MnistSplit::Test, dir, s.test);
  d.folder = dir.string();
  const std::filesystem::path images = find_mnist_file(dir, MnistSplit::Train, true);
  d.images_file = images.string();
  idx_headers(ch, images, find_mnist_file(dir, MnistSplit::Train, false), all.size());

  // The class counts, and one image of each class.
  const std::vector<Index> train_counts = all.class_counts(), test_counts = d.test.class_counts();
  book::Table t({"class", "name", "train", "test"});
  for (std::size_t c = 0; c < 10; ++c) {
    t.add({std::to_string(c), std::string(kFashionMnistClasses[c]),
           std::to_string(c < train_counts.size() ? train_counts[c] : 0),
           std::to_string(c < test_counts.size() ? test_counts[c] : 0)});
  }
  ch.say(fmt::format("{} training and {} test images of 28×28 pixels, by class:", all.size(), d.test.size()));
  ch.table(t, "class_counts.csv");
  const auto [tmin, tmax] = std::minmax_element(train_counts.begin(), train_counts.end());
  ch.result("data.train_images", static_cast<double>(all.size()));
  ch.result("data.test_images", static_cast<double>(d.test.size()));
  ch.result("counts.train_min", static_cast<double>(*tmin));
  ch.result("counts.train_max", static_cast<double>(*tmax));
  ch.result("data.pixel_mean", static_cast<double>(all.X.mean()));
  ch.write_plot(one_per_class(all, 28, "classes", "Fashion-MNIST: the first training image of each class"));

  // The validation split (stratified: every class keeps its share) and pooling.
  Generator gen = ch.generator();
  auto [train, val] = train_test_split(all, kValFraction, gen, /*stratified=*/true);
  d.train = std::move(train);
  d.val = std::move(val);
  if (s.pool > 1) {
    for (DatasetF* ds : {&d.train, &d.val, &d.test}) ds->X = average_pool(ds->X, 28, Index{s.pool});
    d.side = 28 / s.pool;
    ch.say(fmt::format("\nPooled: every {0}×{0} block of pixels is replaced by its mean, so the images are {1}×{1}\n"
                       "({2} inputs instead of 784, {3}× less arithmetic in the first layer).",
                       s.pool, d.side, d.side * d.side, s.pool * s.pool));
    ch.write_plot(one_per_class(d.train, d.side, "classes_pooled",
                                fmt::format("What the network sees with --pool {0}: {1}×{1} images", s.pool, d.side)));
  }
  ch.say(fmt::format("\nThe validation split: {:.0f} % of the training images, class by class (stratified):\n"
                     "{} to train on, {} to watch while training. The test images stay untouched until the end.",
                     100 * kValFraction, d.train.size(), d.val.size()));
  ch.result("data.train", static_cast<double>(d.train.size()));
  ch.result("data.val", static_cast<double>(d.val.size()));
  ch.result("data.inputs", static_cast<double>(d.train.features()));
  return d;
}

void scaling(book::Chapter& ch, const Data& d) {
  ch.section("Scaling");
  ch.say("The files hold bytes, 0 (background) to 255. The engine's loader divides by 255, which puts\n"
         "every pixel in [0, 1]: a min-max scaling with the range every image shares. Lecture 001's\n"
         "step 5 asks for a min-max scaler; scikit-learn's MinMaxScaler scales every column (pixel)\n"
         "by its own minimum and maximum, fitted on the training split only.");
  MinMaxScaler<float> per_pixel;
  per_pixel.fit(d.train.X);
  const MatF test_scaled = per_pixel.transform(d.test.X);
  // scale() is max − min, or 1 for a constant pixel: 1 is also the range of a
  // pixel that reaches both 0 and 255, so count the constant pixels directly.
  const Index constant = (d.train.X.colwise().maxCoeff().array() == d.train.X.colwise().minCoeff().array()).count();
  const Index above = (test_scaled.array() > 1.0f).count();
  const double test_max = test_scaled.maxCoeff();
  // The leak: fitted on the training and test images together, a pixel's
  // minimum or maximum changes wherever the test images go beyond the training ones.
  const Index changed = ((d.test.X.colwise().minCoeff().array() < d.train.X.colwise().minCoeff().array()) ||
                         (d.test.X.colwise().maxCoeff().array() > d.train.X.colwise().maxCoeff().array()))
                            .count();
  ch.say(fmt::format("Per pixel, fitted on the {} training images: {} of the {} pixels never change there{}.",
                     d.train.size(), constant, d.train.features(),
                     constant > 0 ? "\n(corner pixels that are always 0: with max − min = 0 they are divided by 1 and stay 0)"
                                  : ""));
  ch.say(fmt::format(
      "On the test images {} values come out above 1, up to {}: a pixel that is rarely bright in\n"
      "training gets stretched. That is correct (the test data must be scaled with the training\n"
      "statistics), and it is one reason images are usually scaled by their known range, 255.\n"
      "Fitting on training and test together would change {} pixels' scaling: the test set would\n"
      "leak into the preprocessing, and the test accuracy would no longer measure unseen data.",
      above, num(test_max), changed));
  ch.result("scale.pixel_max", static_cast<double>(d.train.X.maxCoeff()));
  ch.result("scale.constant_pixels", static_cast<double>(constant));
  ch.result("scale.test_values_above_1", static_cast<double>(above));
  ch.result("scale.leak_changed_pixels", static_cast<double>(changed));

  ch.part("your min_max_scale against the engine's MinMaxScaler", [&] {
    const Index n = std::min(kExerciseRows, d.train.size()), m = std::min(kExerciseRows / 2, d.test.size());
    const Eigen::MatrixXd train = d.train.X.topRows(n).cast<double>(), test = d.test.X.topRows(m).cast<double>();
    const Scaled yours = min_max_scale(train, test);
    MinMaxScaler<double> engine;
    engine.fit(train);
    const Eigen::MatrixXd want_train = engine.transform(train), want_test = engine.transform(test);
    double worst = yours.train.rows() == n && yours.test.rows() == m && yours.train.cols() == train.cols() &&
                           yours.test.cols() == test.cols()
                       ? std::max((yours.train - want_train).cwiseAbs().maxCoeff(),
                                  (yours.test - want_test).cwiseAbs().maxCoeff())
                       : INFINITY;
    if (std::isnan(worst)) worst = INFINITY;
    ch.result("scale.your_max_difference", worst);
    ch.result("scale.your_scaler_agrees", worst <= 1e-12 ? "yes" : "no");
  });
}

void one_hot_targets(book::Chapter& ch, const Data& d) {
  ch.section("One-hot targets");
  const MatF Y = one_hot<float>(d.train.labels, 10);
  ch.say("Categorical cross-entropy compares the output row with a target row: 1 in the true class's\n"
         "column, 0 elsewhere (lecture 001's step 6, tf.one_hot(y, depth=10)). The first three:");
  for (Index i = 0; i < std::min<Index>(3, Y.rows()); ++i) {
    std::string row;
    for (Index j = 0; j < Y.cols(); ++j) row += fmt::format("{} ", Y(i, j));
    const int y = d.train.labels[static_cast<std::size_t>(i)];
    ch.say(fmt::format("  label {} ({:<11}) → [ {}]", y, kFashionMnistClasses[static_cast<std::size_t>(y)], row));
  }
  const bool rows_one = (Y.rowwise().sum().array() == 1.0f).all();
  ch.result("onehot.shape", fmt::format("{}x{}", Y.rows(), Y.cols()));
  ch.result("onehot.rows_sum_to_1", rows_one ? "yes" : "no");
  ch.say("The engine's cross_entropy takes the labels themselves and does the same inside: only the\n"
         "true class's log-probability counts.");
}

}  // namespace sg::ch15

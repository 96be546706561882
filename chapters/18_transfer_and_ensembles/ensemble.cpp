// Chapter 18, part 5: lecture 002's model ensembles. Several networks, each
// from its own seed, trained on the same ten-class slice; at test time their
// probabilities are averaged (exercise 18.3), and the average is measured
// against the mean member and the best member, then two other ways to
// combine them (the mean logits, the votes), then what the ensemble costs.
#include <fmt/format.h>

#include <chrono>

#include "chapters/18_transfer_and_ensembles/exercises.hpp"
#include "chapters/18_transfer_and_ensembles/lesson.hpp"

namespace sg::ch18 {

namespace {

constexpr Index kMemberBatch = 32;
constexpr std::uint64_t kMemberSeedOffset = 100;   // member k's seed: --seed + 100 + k

// Accuracy and mean cross-entropy of probabilities P (rows sum to 1).
struct Score {
  double accuracy = 0.0, loss = 0.0;
};
Score score_probabilities(const MatF& P, const std::vector<int>& labels) {
  Score s;
  s.accuracy = accuracy(P, labels);
  for (Index i = 0; i < P.rows(); ++i) {
    s.loss -= std::log(std::max(static_cast<double>(P(i, labels[static_cast<std::size_t>(i)])), 1e-30));
  }
  s.loss /= static_cast<double>(P.rows());
  return s;
}

// The mean of each member's softmax, members 0..k−1: the chapter's own average.
MatF average_probabilities(const std::vector<MatF>& Z, std::size_t k) {
  MatF P = MatF::Zero(Z[0].rows(), Z[0].cols());
  for (std::size_t m = 0; m < k; ++m) P += softmax_rows(Z[m]);
  return P / static_cast<float>(k);
}

// The two wrong averages: the softmax of the mean logits, and the share of
// the members voting for each class (their argmaxes).
MatF mean_logits(const std::vector<MatF>& Z) {
  MatF S = MatF::Zero(Z[0].rows(), Z[0].cols());
  for (const MatF& z : Z) S += z;
  return softmax_rows(S / static_cast<float>(Z.size()));
}
MatF votes(const std::vector<MatF>& Z) {
  MatF V = MatF::Zero(Z[0].rows(), Z[0].cols());
  for (const MatF& z : Z) {
    const std::vector<int> p = predicted_classes(z);
    for (Index i = 0; i < z.rows(); ++i) V(i, p[static_cast<std::size_t>(i)]) += 1.0f;
  }
  return V / static_cast<float>(Z.size());
}

}  // namespace

void ensemble(book::Chapter& ch, const Data& d, const Settings& s) {
  ch.section("An ensemble");
  const Index inputs = d.all_train.features();
  ch.say(fmt::format(
      "Lecture 002: \"Model ensembles: 1. train multiple independent models; 2. at test time average\n"
      "their results; enjoy 2 % extra performance.\" Here {} networks of the same shape, on all ten\n"
      "classes of the {} training images, {} epochs each; member k starts from seed {} + k (its\n"
      "weights and its batch order), nothing else differs. The average: each member's softmax\n"
      "probabilities, then their mean, tested on the {} test images.",
      s.members, d.all_train.size(), s.member_epochs, ch.options().seed + kMemberSeedOffset, d.all_test.size()));
  std::vector<MatF> Z;
  std::vector<double> member_acc;
  double train_seconds = 0.0, member_loss = 0.0;
  Index params = 0;
  book::Table t({"model", "test acc %", "test loss"});
  for (int k = 0; k < s.members; ++k) {
    auto net = make_net(inputs, 10, ch.options().seed + kMemberSeedOffset + static_cast<std::uint64_t>(k));
    const Trained run = train(*net, d.all_train, d.all_test, s.lr, s.member_epochs, kMemberBatch);
    train_seconds += run.seconds;
    params += net->model.parameter_count();
    Z.push_back(predict(net->model, d.all_test.X));
    member_acc.push_back(run.test_accuracy);
    member_loss += run.test_loss / s.members;
    t.add({fmt::format("member {}", k + 1), fmt::format("{:.2f}", 100 * run.test_accuracy),
           fmt::format("{:.4f}", run.test_loss)});
  }
  double mean_acc = 0.0, best_acc = 0.0;
  for (double a : member_acc) {
    mean_acc += a / s.members;
    best_acc = std::max(best_acc, a);
  }
  const auto members = static_cast<std::size_t>(s.members);
  const auto t0 = std::chrono::steady_clock::now();
  const Score avg = score_probabilities(average_probabilities(Z, members), d.all_test.labels);
  const Score by_logits = score_probabilities(mean_logits(Z), d.all_test.labels);
  const Score by_votes = score_probabilities(votes(Z), d.all_test.labels);
  const double average_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (const auto& [name, sc] : {std::pair{"ensemble: mean probabilities", avg},
                                 std::pair{"  instead: softmax of the mean logits", by_logits},
                                 std::pair{"  instead: share of the votes", by_votes}}) {
    t.add({name, fmt::format("{:.2f}", 100 * sc.accuracy), fmt::format("{:.4f}", sc.loss)});
  }
  t.add({"mean member", fmt::format("{:.2f}", 100 * mean_acc), fmt::format("{:.4f}", member_loss)});
  t.add({"best member", fmt::format("{:.2f}", 100 * best_acc), ""});
  ch.table(t, "ensemble.csv");
  ch.say(fmt::format(
      "The ensemble beats its mean member by {:+.2f} points and its best member by {:+.2f}; its loss\n"
      "(mean cross-entropy) drops more clearly, from {:.4f} to {:.4f}: averaging makes the probabilities\n"
      "less overconfident. Averaging the logits is another combiner, not this average: a softmax of\n"
      "mean logits is a renormalised geometric mean of the probabilities, and one member with large\n"
      "logits dominates it; with members this alike its accuracy is close. A share of the votes is\n"
      "not a probability at all: where no member voted for the true class its loss is −log 0 (clipped\n"
      "at 1e-30 here), and how sure each member was is lost.",
      100 * (avg.accuracy - mean_acc), 100 * (avg.accuracy - best_acc), member_loss, avg.loss));
  ch.result("ensemble.members", s.members);
  ch.result("ensemble.mean_member_accuracy", mean_acc);
  ch.result("ensemble.best_member_accuracy", best_acc);
  ch.result("ensemble.accuracy", avg.accuracy);
  ch.result("ensemble.gain_over_mean_member", avg.accuracy - mean_acc);
  ch.result("ensemble.gain_over_best_member", avg.accuracy - best_acc);
  ch.result("ensemble.mean_member_loss", member_loss);
  ch.result("ensemble.loss", avg.loss);
  ch.result("ensemble.mean_logits_accuracy", by_logits.accuracy);
  ch.result("ensemble.votes_accuracy", by_votes.accuracy);
  ch.result("ensemble.votes_loss", by_votes.loss);

  ch.part("your ensemble_probabilities against the chapter's average", [&] {
    std::vector<Eigen::MatrixXd> Zd;
    for (const MatF& z : Z) Zd.push_back(z.cast<double>());
    const Eigen::MatrixXd yours = ensemble_probabilities(Zd);
    const MatF want = average_probabilities(Z, members);
    double worst = yours.rows() == want.rows() && yours.cols() == want.cols()
                       ? (yours - want.cast<double>()).cwiseAbs().maxCoeff()
                       : INFINITY;
    if (std::isnan(worst)) worst = INFINITY;
    ch.result("ensemble.your_max_difference", worst);
    // float softmaxes against double ones: a few float roundings, 1e-5 is ample
    ch.result("ensemble.your_average_agrees", worst <= 1e-5 ? "yes" : "no");
  });

  // Accuracy against the number of members: the ensemble of the first k.
  book::Plot plot("ensemble_size", "Ensembles of the first k members: test accuracy", "members k", "test accuracy");
  plot.key = "bottom right";
  book::Series ens{"ensemble of the first k (mean probabilities)", {}, {}, "linespoints lw 2 pt 7"};
  book::Series single{"member k alone", {}, {}, "points pt 6 ps 1.5"};
  for (std::size_t k = 1; k <= members; ++k) {
    const double a = accuracy(average_probabilities(Z, k), d.all_test.labels);
    ens.x.push_back(static_cast<double>(k));
    ens.y.push_back(a);
    single.x.push_back(static_cast<double>(k));
    single.y.push_back(member_acc[k - 1]);
  }
  plot.series = {ens, single};
  plot.extra = {"set xtics 1"};
  ch.write_plot(plot);

  ch.section("What the ensemble costs");
  const Index one = params / s.members;
  ch.result("ensemble.params", static_cast<double>(params));
  ch.result("ensemble.params_per_member", static_cast<double>(one));
  ch.result("ensemble.train_seconds", train_seconds);
  ch.write_text("timing_ensemble.csv",
                fmt::format("what,seconds\ntrain all members,{:.4f}\naverage the test predictions,{:.6f}\n", train_seconds,
                            average_seconds));
  ch.say(fmt::format(
      "{} members are {} parameters to store and {} forward passes per prediction instead of one\n"
      "({} each), and {:.2f} s of training instead of about {:.2f} s: the cost grows with the\n"
      "members, the gain does not (ensemble_size.svg). Averaging the predictions is the cheap part.",
      s.members, params, s.members, one, train_seconds, train_seconds / s.members));
}

}  // namespace sg::ch18

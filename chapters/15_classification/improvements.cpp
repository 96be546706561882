// Chapter 15, part 6: lecture 001's steps 12 to 18, the improvements one at
// a time, each added to the recipe before it and measured: dropout, batch
// norm, early stopping, Adam, a bigger batch, more epochs, a bigger model.
// The last recipe is the best one; its test accuracy and its time close the
// chapter.
#include <fmt/format.h>

#include "chapters/15_classification/lesson.hpp"

namespace sg::ch15 {

namespace {

std::string percent(double v) { return fmt::format("{:.2f}", 100.0 * v); }

std::string describe(const Recipe& r) {
  std::string layers;
  for (Index h : r.hidden) layers += fmt::format("{}-", h);
  return fmt::format("784→{}10 ReLU{}{}, {}, batch {}, {} epochs{}", layers, r.batch_norm ? " + batch norm" : "",
                     r.dropout > 0 ? fmt::format(" + dropout {}", r.dropout) : "",
                     r.adam ? fmt::format("Adam η = {}", r.lr) : fmt::format("SGD η = {} momentum 0.9", r.lr), r.batch,
                     r.epochs, r.patience > 0 ? fmt::format(" at most, early stopping (patience {})", r.patience) : "");
}

}  // namespace

Recipe first_recipe(const Settings& s) {
  Recipe r;
  r.key = "baseline";
  r.name = "the first MLP";
  r.hidden = {28};
  r.epochs = s.epochs;
  r.batch = s.batch;
  return r;
}

std::vector<Recipe> ladder(const Settings& s) {
  std::vector<Recipe> steps{first_recipe(s)};
  const auto next = [&](std::string key, std::string name, const auto& change) {
    Recipe r = steps.back();
    r.key = std::move(key);
    r.name = std::move(name);
    change(r);
    steps.push_back(std::move(r));
  };
  next("dropout", "+ dropout 0.2", [](Recipe& r) { r.dropout = 0.2; });
  next("batch_norm", "+ batch norm", [](Recipe& r) { r.batch_norm = true; });
  next("early_stopping", "+ early stopping", [](Recipe& r) { r.patience = 3; });
  next("adam", "+ Adam", [](Recipe& r) {
    r.adam = true;
    r.lr = 1e-3;
  });
  next("bigger_batch", fmt::format("+ batch {}", 4 * s.batch), [](Recipe& r) { r.batch *= 4; });
  next("more_epochs", "+ 4× the epochs", [](Recipe& r) {
    r.epochs *= 4;
    r.patience = 5;
  });
  next("bigger_model", "+ a bigger model", [&](Recipe& r) {
    r.hidden = s.quick ? std::vector<Index>{48} : std::vector<Index>{512, 256};
  });
  return steps;
}

void improvements(book::Chapter& ch, const Data& d, const Settings& s, const Run& first) {
  ch.section("Improvements, one at a time");
  const std::vector<Recipe> steps = ladder(s);
  ch.say("Lecture 001's steps 12 to 18, each added to the recipe before it: dropout, batch norm,\n"
         "early stopping (on the validation loss, keeping the best epoch's weights), Adam, a bigger\n"
         "batch, more epochs, a bigger model. Each is measured against the step before: the validation\n"
         "accuracy is what you would decide on; the test accuracy is shown too, for the lesson only.");
  book::Table t({"step", "change", "val acc %", "test acc %", "Δ test", "epochs (best)", "seconds"});
  std::string csv = "step,key,change,val_accuracy,test_accuracy,epochs_run,best_epoch\n";
  std::string timing = "step,key,seconds\n";
  book::Plot plot("ladder", "Improvements, one at a time: accuracy after each step", "step", "accuracy");
  plot.key = "bottom right";
  book::Series val{"validation", {}, {}, "linespoints lw 2 pt 7"}, test{"test", {}, {}, "linespoints lw 2 pt 7"};
  std::string tics = "set xtics rotate by 30 right (";
  double before = first.test_accuracy;
  Run best;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Recipe& r = steps[i];
    Run run;
    const Run* shown = &first;
    if (i > 0) {   // step 0 is the first MLP, already trained
      ch.say(fmt::format("  step {}: {}: {}", i, r.name, describe(r)));
      run = train_recipe(ch, r, d, nullptr, /*progress=*/false);
      shown = &run;
    }
    const double delta = shown->test_accuracy - before;
    t.add({std::to_string(i), r.name, percent(shown->val_accuracy), percent(shown->test_accuracy),
           i == 0 ? "" : fmt::format("{:+.2f}", 100.0 * delta),
           fmt::format("{} ({})", shown->epochs_run, shown->best_epoch), fmt::format("{:.1f}", shown->seconds)});
    csv += fmt::format("{},{},{},{:.6f},{:.6f},{},{}\n", i, r.key, book::csv_cell(r.name), shown->val_accuracy,
                       shown->test_accuracy, shown->epochs_run, shown->best_epoch);
    timing += fmt::format("{},{},{:.3f}\n", i, r.key, shown->seconds);
    const std::string key = "ladder." + r.key;
    ch.result(key + ".val_accuracy", shown->val_accuracy);
    ch.result(key + ".test_accuracy", shown->test_accuracy);
    ch.result(key + ".epochs", shown->epochs_run);
    val.x.push_back(static_cast<double>(i));
    val.y.push_back(shown->val_accuracy);
    test.x.push_back(static_cast<double>(i));
    test.y.push_back(shown->test_accuracy);
    tics += fmt::format("{}\"{}\" {}", i ? ", " : "", r.key, i);
    before = shown->test_accuracy;
    if (i + 1 == steps.size()) best = std::move(run);
  }
  ch.table(t);   // its seconds column changes from run to run: ladder.csv leaves it out
  ch.write_text("ladder.csv", csv);
  ch.write_text("timing_ladder.csv", timing);
  plot.series = {val, test};
  plot.extra = {tics + ")"};
  ch.write_plot(plot);

  ch.section("The best recipe");
  const Recipe& r = steps.back();
  ch.say(fmt::format("Every improvement together: {}.", describe(r)));
  const std::string table = summary(best.net->model, {r.batch, d.train.features()});
  ch.say(table);
  ch.write_text("summary_best.txt", table);
  ch.write_text("timing_best.txt", fmt::format("{:.3f} s to train ({} epochs)\n", best.seconds, best.epochs_run));
  ch.result("best.test_accuracy", best.test_accuracy);
  ch.result("best.test_loss", best.test_loss);
  ch.result("best.epochs", best.epochs_run);
  ch.result("best.best_epoch", best.best_epoch);
  ch.result("best.seconds", best.seconds);
  ch.result("best.gain_over_first", best.test_accuracy - first.test_accuracy);
  ch.say(fmt::format("Test accuracy {:.2f} % ({:+.2f} points over the first MLP), in {:.1f} s of training\n"
                     "({} epochs; the weights of epoch {}).",
                     100 * best.test_accuracy, 100 * (best.test_accuracy - first.test_accuracy), best.seconds,
                     best.epochs_run, best.best_epoch));
}

}  // namespace sg::ch15

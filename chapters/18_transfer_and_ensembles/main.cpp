// Chapter 18: transfer learning and ensembles, lecture 002's last two ideas
// and lecture 004's table of when to freeze what. A network trained on all ten
// Fashion-MNIST classes lends its body to a small task (the four tops that look
// alike, ten images each, images the first task never saw): frozen, with a new
// head, against the same network trained from scratch; then fine-tuned at a
// lower learning rate; then a first task too narrow to help.
// Then an ensemble of independently seeded networks, averaged at test time,
// against its members, and what it costs.
//
//   ./build/bin/ch18_transfer_and_ensembles              the lesson on all 70 000 images
//   ./build/bin/ch18_transfer_and_ensembles --quick      a slice, in seconds
//   ./build/bin/ch18_transfer_and_ensembles --per-class 50   a less small small task
//
// The lesson text is docs/book/18-transfer-and-ensembles.md.
#include <CLI/CLI.hpp>

#include "chapters/18_transfer_and_ensembles/lesson.hpp"
#include "chapters/common/chapter.hpp"

using namespace sg;

int main(int argc, char** argv) {
  book::Chapter ch("ch18_transfer_and_ensembles", "Transfer learning and ensembles",
                   "Two tasks cut out of Fashion-MNIST: all ten classes, and a small task of the four tops that "
                   "look alike with a few images each. A network trained on the first task; its body saved, loaded, "
                   "frozen, and a new head trained on the small task, against the same network trained from "
                   "scratch (accuracy and time); fine-tuning with every layer unfrozen at a lower learning "
                   "rate; an ensemble of independently seeded networks averaged at test time, its gain over "
                   "the mean and the best member, the wrong ways to average, and its cost.");
  ch18::Settings s;
  ch.cli().add_option("--data-dir", s.data_dir,
                      "Folder with the four Fashion-MNIST (or MNIST) IDX files, gzip'd or not")
      ->capture_default_str();
  ch.cli().add_option("--train", s.train,
                      "Training images to read, both tasks together (500 to 60000; default 60000, 2500 with --quick)")
      ->check(CLI::Range(500, 60000));
  ch.cli().add_option("--test", s.test, "Test images to read (100 to 10000; default 10000, 500 with --quick)")
      ->check(CLI::Range(100, 10000));
  ch.cli().add_option("--pool", s.pool,
                      "Average k×k pixel blocks: 1 (28×28, none), 2 (14×14) or 4 (7×7); default 1, 4 with --quick")
      ->check(CLI::IsMember({1, 2, 4}));
  ch.cli().add_option("--per-class", s.per_class, "The small task's training images per class (1 to 500)")
      ->capture_default_str()
      ->check(CLI::Range(1, 500));
  ch.cli().add_option("--epochs", s.epochs,
                      "Epochs of the first task and of each ensemble member (1 to 100; default 5; members 2 with --quick)")
      ->check(CLI::Range(1, 100));
  ch.cli().add_option("--head-epochs", s.head_epochs,
                      "Epochs on the small task; fine-tuning adds half as many (1 to 1000)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  ch.cli().add_option("--members", s.members, "Networks in the ensemble (2 to 20; default 5, 3 with --quick)")
      ->check(CLI::Range(2, 20));
  ch.cli().add_option("--lr", s.lr, "Adam's learning rate for every run; fine-tuning uses lr/10 (0 < lr ≤ 1)")
      ->capture_default_str()
      ->check(CLI::Range(1e-9, 1.0));

  return ch.run(argc, argv, [&](book::Chapter& ch) {
    const ch18::Settings set = ch18::resolved(s, ch.quick());
    const ch18::Data d = ch18::load(ch, set);
    ch18::pretrain(ch, d, set);
    ch18::transfer(ch, d, set);
    ch18::negative_transfer(ch, d, set);
    ch18::ensemble(ch, d, set);

    ch.section("What to try next");
    ch.say("  ./build/bin/ch18_transfer_and_ensembles --quick --per-class 50   more images of the small task:\n"
           "                                                    does the transfer still win?\n"
           "  ./build/bin/ch18_transfer_and_ensembles --quick --members 10     a bigger ensemble\n"
           "  ./build/bin/ch18_transfer_and_ensembles --quick --epochs 1       a worse first task: a worse body?\n"
           "Next chapter: ch19_gpu, the same network's arithmetic on a GPU, and when it pays.");
  });
}

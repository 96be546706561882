// Accuracy, top-k, confusion matrices and History.
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/train/metrics.hpp"

using namespace sg;

TEST_CASE("accuracy takes the argmax of each row, or z > 0 for one logit", "[train][metrics]") {
  Mat Z(4, 3);
  Z << 2, 1, 0,   //
      0, 3, 1,    //
      0, 0, 5,    //
      1, 1, 0;    // a tie goes to the first class
  CHECK(predicted_classes(Z) == std::vector<int>{0, 1, 2, 0});
  CHECK(accuracy(Z, {0, 1, 1, 0}) == 0.75);
  MatF z(3, 1);
  z << 0.5f, -0.1f, 0.0f;
  CHECK(accuracy(z, {1, 0, 1}) == Approx(2.0 / 3.0).epsilon(1e-12));   // 2 of 3; exact up to rounding
  CHECK(top_k_accuracy(Z, {1, 2, 1, 2}, 2) == 0.75);
  CHECK_THROWS_WITH(accuracy(Z, {0, 1}), "accuracy: Z is (4,3) but there are 2 labels: Z needs one row per label");
  CHECK_THROWS_WITH(top_k_accuracy(Z, {0, 1, 1, 0}, 4), Catch::Contains("k must be in [1, 3]"));
}

TEST_CASE("a confusion matrix counts true rows against predicted columns", "[train][metrics]") {
  const Eigen::MatrixXi C = confusion_matrix({0, 0, 1, 1, 2}, {0, 1, 1, 1, 0}, 3);
  Eigen::MatrixXi expected(3, 3);
  expected << 1, 1, 0,  //
      0, 2, 0,          //
      1, 0, 0;
  CHECK(C == expected);
  CHECK(render_confusion(C, {"cat", "dog", "eel"}) ==
        "true\\pred       cat       dog       eel\n"
        "cat               1         1         0\n"
        "dog               0         2         0\n"
        "eel               1         0         0\n");
  CHECK_THROWS_WITH(confusion_matrix({0, 3}, {0, 0}, 3), Catch::Contains("row 1 has label 3"));
}

TEST_CASE("History keeps one value per epoch per series and finds the best", "[train][metrics]") {
  History h;
  h.add_epoch({{"loss", 0.9}, {"accuracy", 0.6}});
  h.add_epoch({{"loss", 0.5}, {"accuracy", 0.8}, {"val_loss", 0.7}});
  h.add_epoch({{"loss", 0.6}, {"accuracy", 0.7}, {"val_loss", 0.4}});
  CHECK(h.epochs() == 3);
  CHECK(h.names() == std::vector<std::string>{"loss", "accuracy", "val_loss"});
  CHECK(std::isnan(h.series("val_loss")[0]));
  CHECK(h.best("loss") == 0.5);
  CHECK(h.best_epoch("accuracy") == 1);   // higher is better for accuracy
  CHECK(h.best_epoch("val_loss") == 2);   // NaN skipped
  CHECK(h.to_csv() ==
        "epoch,loss,accuracy,val_loss\n"
        "1,0.90000000000000002,0.59999999999999998,nan\n"
        "2,0.5,0.80000000000000004,0.69999999999999996\n"
        "3,0.59999999999999998,0.69999999999999996,0.40000000000000002\n");
  CHECK_THROWS_WITH(h.series("lr"), "History: no series 'lr'; there are: loss, accuracy, val_loss");
}

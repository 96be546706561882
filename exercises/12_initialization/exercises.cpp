// Chapter 12's exercises (declared in chapters/12_initialization/exercises.hpp).
// Read docs/book/12-initialization.md first: each block below names the
// section with the derivation. Write the body, then check it:
//   build/bin/grade --chapter 12        all four
//   build/bin/grade --exercise 12.1     one
// The chapter (build/bin/ch12_initialization) puts your numbers next to the
// engine's initialisers and health statistics and skips what is not written
// yet.
#include "chapters/12_initialization/exercises.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"

namespace sg::ch12 {

// ---- Exercise 12.1 (xavier_scale) --------------------------------------------
// Glorot and Bengio's scale for a layer with fan_in inputs and fan_out
// outputs (lecture 000 gives the normal form): the weight variance that
// compromises between keeping the forward signal's variance (which asks for
// 1/fan_in) and the backward gradient's (1/fan_out). Return the standard
// deviation σ for Dist::Normal, and for Dist::Uniform the half-width a of
// U[−a, a] with the SAME variance. Lesson: "Xavier and He: where the scales
// come from".
// Check: for a square layer (fan_in = fan_out = n) the variance is 1/n.
// The classic mistakes: returning the variance instead of the standard
// deviation, and a uniform half-width equal to σ (a uniform on [−a, a] does
// not have variance a²).
// Check: build/bin/grade --exercise 12.1
double xavier_scale(int fan_in, int fan_out, Dist dist) {
  // Exercise 12.1 (xavier_scale): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 12.1 (xavier_scale) is not implemented yet: open exercises/12_initialization/exercises.cpp. Hint: the variance uses both fans; σ is its square root; the uniform's half-width is not σ (work out a uniform's variance)");
}

// ---- Exercise 12.2 (he_scale) ------------------------------------------------
// He et al.'s scale for a ReLU layer with fan_in inputs (lecture 000, and
// 003's TL;DR): ReLU zeroes half of its input, which halves the second moment
// the next layer sees, and the scale makes up for it. Only fan_in counts.
// Return σ for Dist::Normal and the half-width a of U[−a, a] with the same
// variance for Dist::Uniform. Lesson: "Xavier and He: where the scales come
// from".
// Check: He's variance is twice the LeCun variance 1/fan_in.
// The classic mistakes: fan_out in place of fan_in, and forgetting the
// factor that makes up for the half ReLU removes.
// Check: build/bin/grade --exercise 12.2
double he_scale(int fan_in, Dist dist) {
  // Exercise 12.2 (he_scale): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 12.2 (he_scale) is not implemented yet: open exercises/12_initialization/exercises.cpp. Hint: only fan_in counts, and ReLU's lost half is made up for; then σ, or the uniform half-width with the same variance");
}

// ---- Exercise 12.3 (max_unit_difference) -------------------------------------
// W is (fan_in, units): column j holds the weights into hidden unit j (a
// bias b is (1, units), one column per unit too). Two units are copies when
// their columns are equal. Return the largest absolute difference between
// any entry of any column and the same entry of column 0: 0 exactly when
// every unit is a copy of the first. Lesson: "Zeros and constants: the
// symmetry problem", where the chapter calls it on the trained W1, b1 and on
// W2 transposed (W2's rows are the units' outgoing weights).
// Check: a matrix whose columns are equal gives 0 however different its
// rows are.
// The classic mistake: comparing rows (the inputs) instead of columns (the
// units).
// Check: build/bin/grade --exercise 12.3
double max_unit_difference(const Eigen::MatrixXd& W) {
  // Exercise 12.3 (max_unit_difference): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 12.3 (max_unit_difference) is not implemented yet: open exercises/12_initialization/exercises.cpp. Hint: units are columns; compare each column with column 0, entry by entry, and keep the largest gap");
}

// ---- Exercise 12.4 (layer_stats) ---------------------------------------------
// The health statistics of one layer's activations A (B rows = examples,
// columns = units), as the training library's health table reports them
// (engine/train/health.hpp):
//   mean   over every element of A;
//   std    the population standard deviation over every element (divide by
//          the number of elements, as the engine does);
//   dead   the fraction of UNITS (columns) that are never > 0 over the whole
//          batch: for a ReLU layer, a unit that no example switches on.
// Lesson: "Ten layers deep: the health table".
// Check: a column of zeros is a dead unit even if other columns have zeros too.
// The classic mistakes: dividing by the count minus one, and counting dead
// ELEMENTS (zeros) instead of dead units.
// Check: build/bin/grade --exercise 12.4
LayerStats layer_stats(const Eigen::MatrixXd& A) {
  // Exercise 12.4 (layer_stats): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 12.4 (layer_stats) is not implemented yet: open exercises/12_initialization/exercises.cpp. Hint: mean and spread over all elements (divide by the count); a unit is dead when its whole column stays ≤ 0");
}

}  // namespace sg::ch12

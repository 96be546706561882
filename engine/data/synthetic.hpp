// Synthetic datasets, generated in code from an explicit generator: the same
// seed gives the same bytes. Rows come ordered by class (class 0 first); the
// loaders and splits shuffle. Formulas follow scikit-learn where it has the
// set (make_moons, make_circles, make_blobs) and CS231n for the spiral;
// docs/engine/data.md writes each one out.
#pragma once

#include "engine/core/random.hpp"
#include "engine/data/dataset.hpp"

namespace sg {

// Two interleaved half circles (sklearn make_moons). n/2 on the upper moon
// (label 0): (cos t, sin t), t = linspace(0, π, n/2); the rest on the lower
// one (label 1): (1 - cos t, 0.5 - sin t); then N(0, noise²) on each coordinate.
Dataset two_moons(Index n, double noise, Generator& gen);

// Two concentric circles (sklearn make_circles). n/2 on the outer circle
// (label 0): (cos t, sin t), t = 2πi/(n/2); the rest on the inner circle
// (label 1) scaled by factor in (0, 1); then N(0, noise²) on each coordinate.
Dataset circles(Index n, double noise, double factor, Generator& gen);

// CS231n's spiral: `classes` arms of n/classes points each (the first n % classes
// arms one more); arm j, point i of m: r = i/(m-1), t = 4j + 4r + noise·N(0,1),
// x = (r sin t, r cos t), label j.
Dataset spirals(Index n, Index classes, double noise, Generator& gen);

// Gaussian blobs (sklearn make_blobs): the rows of `centers` (k, d) are the
// means; center c gets n/k points (the first n % k one more), each
// center + std·N(0, I), label c.
Dataset blobs(Index n, const Mat& centers, double std, Generator& gen);
// The same with k centres drawn first, uniform in [-10, 10]² (sklearn's center_box).
Dataset blobs(Index n, Index centers, double std, Generator& gen);

// XOR: point i sits at corner i % 4 of the truth table, (0,0) (0,1) (1,0) (1,1),
// plus N(0, noise²) on each coordinate; label a xor b (0, 1, 1, 0).
Dataset xor_set(Index n, double noise, Generator& gen);
// The exact truth table: X = [[0,0],[0,1],[1,0],[1,1]], labels 0 1 1 0.
Dataset xor_truth_table();

// A 1-D regression curve (Bishop, PRML §1.1): x = linspace(0, 1, n),
// y = sin(2πx) + noise·N(0,1); X is (n,1), targets (n,1), no labels.
Dataset regression_curve(Index n, double noise, Generator& gen);

}  // namespace sg

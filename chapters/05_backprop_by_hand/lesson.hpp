// The parts of chapter 5's lesson, called in order by main().
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "chapters/05_backprop_by_hand/chain_rule.hpp"
#include "chapters/05_backprop_by_hand/models.hpp"
#include "chapters/common/chapter.hpp"

namespace sg::ch05 {

// The lecture's starting point, stated in the lesson text: x = (1, 4, 6), y* = 1.
constexpr double kLectures = 4.0;   // x1
constexpr double kHours = 6.0;      // x2
constexpr double kTarget = 1.0;     // y*: passed
// Initial weights (x0 = 1 is the bias input).
constexpr std::array<double, 3> kTheta = {-2.0, 0.3, 0.2};                   // θ0 θ1 θ2
constexpr std::array<double, 6> kAlpha = {-1.0, 0.5, -0.2, 0.5, -0.3, 0.4};  // α10 α11 α12 α20 α21 α22
constexpr std::array<double, 2> kBeta = {1.5, -1.0};                         // β1 β2
constexpr Index kHidden = 2;

// How far the hand-derived partials are from the engine's and the numeric ones.
// A NaN anywhere makes the maximum NaN: a comparison never passes on NaN.
struct Agreement {
  double engine = 0.0;    // max |hand − engine|
  double numeric = 0.0;   // max |hand − numeric|
  double y = 0.5;         // the model's output σ(·): exactly 0 or 1 saturates it (see main.cpp's verdict)
};

void explain_sign(book::Chapter& ch);
// Each builds its model in ctx (traced), runs backward, derives the partials
// by hand (the student's exercises), compares, prints, draws; appends its
// chain-rule lines to sections. Without an agreement (nullopt) when an
// exercise it needs is still a stub: the graph and the frames are drawn
// either way.
std::optional<Agreement> logistic_regression(book::Chapter& ch, Context& ctx, const Example& ex,
                                             std::vector<ChainSection>& sections);
std::optional<Agreement> hidden_layer_network(book::Chapter& ch, Context& ctx, const Example& ex, double lr,
                                              std::vector<ChainSection>& sections);
void write_chain_rule(book::Chapter& ch, const Example& ex, const std::vector<ChainSection>& sections);

}  // namespace sg::ch05

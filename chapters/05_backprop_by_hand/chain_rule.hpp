// One line of the chain rule with its numbers, as plain text for the terminal
// and as LaTeX for a slide:
//   dJ/dθ1 = dJ/da · x1 = 0.4013 · 4 = 1.6052
//   \frac{\partial J}{\partial \theta_1} &= \frac{\partial J}{\partial a}\, x_1 = 0.4013 \cdot 4 = 1.6052
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sg::ch05 {

// Digits shown for every number in the lines (the lesson text quotes them).
constexpr int kShownDecimals = 4;

// A number as the lines show it: integers as integers ("4"), others with
// kShownDecimals decimals ("0.4013"), never "-0.0000".
std::string shown(double v);

struct ChainLine {
  std::string lhs, lhs_tex;           // dJ/dθ1          \frac{\partial J}{\partial \theta_1}
  std::string rule, rule_tex;         // dJ/da · x1      \frac{\partial J}{\partial a}\, x_1
  std::string numbers, numbers_tex;   // 0.4013 · 4      0.4013 \cdot 4
  double value = 0.0;
  // For a parameter: the engine's and the numeric gradient, in J's sign
  // (−dL/d·, since the engine minimises L = −J).
  std::optional<double> engine, numeric;
};

// numbers/numbers_tex of a product of factors: "0.4013 · 4", "(-0.2) \cdot 4".
void set_product(ChainLine& line, const std::vector<double>& factors);

// "dJ/dθ1 = dJ/da · x1 = 0.4013 · 4 = 1.6052", and for a parameter
// "   [engine 1.6052, numeric 1.6052]".
std::string text(const ChainLine& line);

// The lines as a text file, in sections: (title, lines).
using ChainSection = std::pair<std::string, std::vector<ChainLine>>;
std::string chain_rule_text(const std::vector<ChainSection>& sections, const std::string& header);
// The lines as LaTeX: one align* per section, headed by a comment; needs
// \usepackage{amsmath}. Ready to paste into a beamer frame.
std::string chain_rule_tex(const std::vector<ChainSection>& sections, const std::string& header);

}  // namespace sg::ch05

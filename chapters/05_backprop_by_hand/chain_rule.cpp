#include "chapters/05_backprop_by_hand/chain_rule.hpp"

#include <fmt/format.h>

#include <cmath>

namespace sg::ch05 {

std::string shown(double v) {
  if (std::abs(v) < 1e6 && v == std::round(v)) return fmt::format("{:.0f}", v == 0.0 ? 0.0 : v);
  std::string s = fmt::format("{:.{}f}", v, kShownDecimals);
  if (s.starts_with('-') && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

void set_product(ChainLine& line, const std::vector<double>& factors) {
  line.numbers.clear();
  line.numbers_tex.clear();
  for (std::size_t i = 0; i < factors.size(); ++i) {
    const std::string n = shown(factors[i]);
    // A negative factor after the first is bracketed: 2 · (-3), \cdot (-3) on a slide.
    const bool bracket = i > 0 && n.starts_with('-');
    line.numbers += (i ? " · " : "") + (bracket ? "(" + n + ")" : n);
    line.numbers_tex += (i ? " \\cdot " : "") + (bracket ? "(" + n + ")" : n);
  }
}

std::string text(const ChainLine& line) {
  std::string s = fmt::format("{} = {} = {} = {}", line.lhs, line.rule, line.numbers, shown(line.value));
  if (line.engine && line.numeric) {
    s += fmt::format("   [engine {}, numeric {}]", shown(*line.engine), shown(*line.numeric));
  }
  return s;
}

std::string chain_rule_text(const std::vector<ChainSection>& sections, const std::string& header) {
  std::string out = header;
  for (const auto& [title, lines] : sections) {
    out += fmt::format("\n{}\n", title);
    for (const ChainLine& l : lines) out += text(l) + "\n";
  }
  return out;
}

std::string chain_rule_tex(const std::vector<ChainSection>& sections, const std::string& header) {
  std::string out;
  // The header as LaTeX comments: every line starts with %.
  std::string line;
  for (char c : header) {
    if (c == '\n') { out += "% " + line + "\n"; line.clear(); } else line += c;
  }
  if (!line.empty()) out += "% " + line + "\n";
  out += "% needs \\usepackage{amsmath}\n";
  for (const auto& [title, lines] : sections) {
    out += fmt::format("\n% {}\n\\begin{{align*}}\n", title);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const ChainLine& l = lines[i];
      out += fmt::format("  {} &= {} = {} = {}{}\n", l.lhs_tex, l.rule_tex, l.numbers_tex, shown(l.value),
                         i + 1 < lines.size() ? " \\\\" : "");
    }
    out += "\\end{align*}\n";
  }
  return out;
}

}  // namespace sg::ch05

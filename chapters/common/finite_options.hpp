// Every program of the book (the chapters, grade, the demo) refuses NaN and
// ±inf for its floating-point options. CLI11 parses "nan" and "inf" as
// numbers, and its Range and PositiveNumber checks let NaN through (every
// comparison with NaN is false) and Range lets ±inf through when a side is
// open-ended; a NaN learning rate would then surface steps later, far from
// the flag that caused it. Header-only: it needs CLI11 and nothing else.
#pragma once

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

namespace sg::book {

// Adds, to every option of `app` that takes a floating-point value, a check
// that fails with "'nan' is not a finite number" (CLI11 adds the option's
// name). Call it after the options are added and before app.parse: the check
// runs before the option's own ones (a 309-digit bound is never printed).
inline void refuse_non_finite_numbers(CLI::App& app) {
  const CLI::Validator finite(
      [](std::string& text) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (end != text.c_str() && *end == '\0' && !std::isfinite(v)) return "'" + text + "' is not a finite number";
        return "";
      },
      "FINITE");
  for (CLI::Option* opt : app.get_options()) {
    if (opt->get_type_name().find("FLOAT") == std::string::npos) continue;
    // CLI11 runs an option's checks in order and reports the first failure;
    // check() appends, so the check is moved to the front: `--lr inf` says
    // "not a finite number", not PositiveNumber's "not in range 0 to 1797...".
    opt->check(finite);
    std::vector<CLI::Validator> checks;
    for (int i = 0;; ++i) {
      try {
        checks.push_back(*opt->get_validator(i));
      } catch (const CLI::OptionNotFound&) {
        break;
      }
    }
    std::rotate(checks.begin(), checks.end() - 1, checks.end());
    for (int i = 0; i < static_cast<int>(checks.size()); ++i) *opt->get_validator(i) = checks[static_cast<std::size_t>(i)];
  }
}

}  // namespace sg::book

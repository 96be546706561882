// Checks of command-line values that CLI11 lets through, for every program of
// the book (the chapters, grade, the demo). Header-only: CLI11 and nothing
// else.
//
// NaN and ±inf: CLI11 parses "nan" and "inf" as numbers, and its Range and
// PositiveNumber checks let NaN through (every comparison with NaN is false)
// and Range lets ±inf through when a side is open-ended; a NaN learning rate
// would then surface steps later, far from the flag that caused it.
//
// Seeds: CLI11 reads "-1" into an unsigned 64-bit seed as 2^64 − 1, and
// saturates a number too large for it; two different flags then give the
// same run without a word.
#pragma once

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace sg::book {

// Fails with "'nan' is not a finite number" for NaN, ±inf and numbers too
// large for a double ("1e999").
inline CLI::Validator finite_check() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (end != text.c_str() && *end == '\0' && !std::isfinite(v)) return "'" + text + "' is not a finite number";
        return "";
      },
      "FINITE");
}

// A seed: a whole number from 0 to 2^64 − 1 written in decimal, nothing else
// ("-1", "1e3", "99999999999999999999" are usage errors).
inline CLI::Validator seed_check() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::uint64_t v = 0;
        const char* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, v);
        if (ec == std::errc::result_out_of_range) return "'" + text + "' is larger than 18446744073709551615 (2^64 - 1)";
        if (ec != std::errc() || ptr != end) return "'" + text + "' is not a whole number from 0 to 2^64 - 1";
        return "";
      },
      "0..2^64-1");
}

// Adds `check` to `opt` as its FIRST check. CLI11 runs an option's checks in
// order and reports the first failure, and check() appends: first, `--lr inf`
// says "not a finite number", not PositiveNumber's "not in range 0 to
// 1797693134862315708145274237317043567980...".
inline void check_first(CLI::Option& opt, const CLI::Validator& check) {
  opt.check(check);
  std::vector<CLI::Validator> checks;
  for (int i = 0;; ++i) {
    try {
      checks.push_back(*opt.get_validator(i));
    } catch (const CLI::OptionNotFound&) {
      break;
    }
  }
  std::rotate(checks.begin(), checks.end() - 1, checks.end());
  for (std::size_t i = 0; i < checks.size(); ++i) *opt.get_validator(static_cast<int>(i)) = checks[i];
}

// Call after the options are added and before app.parse: every option that
// takes a floating-point value refuses NaN and ±inf, and every option whose
// name ends in "seed" (--seed, --xor-seed) takes only a valid seed.
inline void add_value_checks(CLI::App& app) {
  for (CLI::Option* opt : app.get_options()) {
    const std::string name = opt->get_name();
    if (opt->get_type_name().find("FLOAT") != std::string::npos) {
      check_first(*opt, finite_check());
    } else if (name.size() >= 4 && name.compare(name.size() - 4, 4, "seed") == 0 && opt->get_type_size() != 0) {
      check_first(*opt, seed_check());
    }
  }
}

}  // namespace sg::book

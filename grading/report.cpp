#include "grading/report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <sstream>

namespace sg::grading {

std::string valid_utf8(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    std::size_t len = 0;
    unsigned cp = 0;
    if (c < 0x80) len = 1, cp = c;
    else if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07;
    bool ok = len > 0 && i + len <= n;
    for (std::size_t k = 1; ok && k < len; ++k) {
      ok = (p[i + k] & 0xC0) == 0x80;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    // no overlong forms, no surrogates, nothing above U+10FFFF
    static constexpr unsigned kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    ok = ok && cp >= kMin[len] && !(cp >= 0xD800 && cp <= 0xDFFF) && cp <= 0x10FFFF;
    if (ok) {
      out.append(text, i, len);
      i += len;
    } else {
      out += "\xEF\xBF\xBD";   // U+FFFD
      ++i;
    }
  }
  return out;
}

namespace {

// Worse first: the status an exercise shows when its cases differ.
int severity(Status s) {
  switch (s) {
    case Status::NotRun: return 5;
    case Status::Crashed: return 4;
    case Status::TimedOut: return 3;
    case Status::Failed: return 2;
    case Status::NotImplemented: return 1;
    case Status::Passed: return 0;
  }
  return 0;
}

// "3.10" after "3.9": compare the numbers, not the text.
std::pair<int, int> exercise_key(const std::string& id) {
  const std::size_t dot = id.find('.');
  return {std::stoi(id.substr(0, dot)), std::stoi(id.substr(dot + 1))};
}

// The lines of a crash's output that say where it happened: the sanitizer's
// verdict and the first stack frame in the student's (or the reference) code.
std::string crash_excerpt(const std::string& output) {
  std::istringstream in(output);
  std::string line, verdict, frame;
  while (std::getline(in, line)) {
    if (verdict.empty() && (line.find("ERROR: AddressSanitizer") != std::string::npos ||
                            line.find("runtime error:") != std::string::npos)) {
      verdict = line;
    }
    if (frame.empty() && line.find(" in ") != std::string::npos &&
        (line.find("exercises/") != std::string::npos || line.find("solutions/") != std::string::npos)) {
      frame = line;
    }
  }
  std::string s;
  for (const std::string& l : {verdict, frame}) {
    const std::size_t start = l.find_first_not_of(' ');
    if (start == std::string::npos) continue;
    s += '\n';
    s.append(l, start);
  }
  return s;
}

// What a case's report says: the status and the message (and where a crash was).
std::string details(const CaseResult& r) {
  std::string s = r.outcome.message;
  if (r.outcome.status == Status::Crashed) s += crash_excerpt(r.outcome.output);
  return s;
}

std::string indented(const std::string& text, const std::string& pad, std::size_t max_lines) {
  std::istringstream in(text);
  std::string line, out;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    if (n++ == max_lines) {
      out += pad + "…\n";
      break;
    }
    out += pad + line + "\n";
  }
  return out;
}

std::string xml_escaped(const std::string& raw) {
  const std::string text = valid_utf8(raw);
  std::string out;
  for (unsigned char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 allows no control characters but tab, newline, return.
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += '?';
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

}  // namespace

std::vector<ExerciseResult> by_exercise(const std::vector<CaseResult>& results) {
  std::map<std::pair<int, int>, ExerciseResult> exercises;
  for (const CaseResult& r : results) {
    ExerciseResult& e = exercises[exercise_key(r.info.exercise)];
    e.chapter = r.info.chapter;
    e.id = r.info.exercise;
    if (!r.info.function.empty() &&
        std::find(e.functions.begin(), e.functions.end(), r.info.function) == e.functions.end()) {
      e.functions.push_back(r.info.function);
    }
    e.points += r.info.points;
    e.earned += r.score();
    if (severity(r.outcome.status) > severity(e.status)) {
      e.status = r.outcome.status;
      e.message = details(r);
    }
    e.cases.push_back(&r);
  }
  std::vector<ExerciseResult> out;
  for (auto& [key, e] : exercises) out.push_back(std::move(e));
  return out;
}

int total_points(const std::vector<CaseResult>& results) {
  int n = 0;
  for (const CaseResult& r : results) n += r.info.points;
  return n;
}

int total_score(const std::vector<CaseResult>& results) {
  int n = 0;
  for (const CaseResult& r : results) n += r.score();
  return n;
}

std::string score_table(const std::vector<CaseResult>& results, bool verbose) {
  const std::vector<ExerciseResult> exercises = by_exercise(results);
  std::size_t width = 24;
  for (const ExerciseResult& e : exercises) {
    width = std::max(width, e.id.size() + 1 + fmt::format("{}", fmt::join(e.functions, ", ")).size());
  }
  std::string out;
  int chapter = -1, chapter_points = 0, chapter_earned = 0;
  const auto close_chapter = [&] {
    if (chapter < 0) return;
    out += fmt::format("  {:<{}} {:>7}\n\n", fmt::format("chapter {}", chapter), width,
                       fmt::format("{}/{}", chapter_earned, chapter_points));
  };
  for (const ExerciseResult& e : exercises) {
    if (e.chapter != chapter) {
      close_chapter();
      chapter = e.chapter;
      chapter_points = chapter_earned = 0;
      out += fmt::format("Chapter {}\n", chapter);
    }
    chapter_points += e.points;
    chapter_earned += e.earned;
    out += fmt::format("  {:<{}} {:>7}  {}\n", e.id + " " + fmt::format("{}", fmt::join(e.functions, ", ")), width,
                       fmt::format("{}/{}", e.earned, e.points), to_string(e.status));
    if (verbose) {
      for (const CaseResult* c : e.cases) {
        out += fmt::format("      {:<9} {}/{}  {}\n", to_string(c->outcome.status), c->score(), c->info.points,
                           c->info.name);
        if (c->outcome.status != Status::Passed) out += indented(details(*c), "          ", 6);
      }
    } else if (e.status != Status::Passed) {
      out += indented(e.message, "      ", 4);
    }
  }
  close_chapter();
  const int score = total_score(results), points = total_points(results);
  const auto count = [&](Status s) {
    return std::count_if(exercises.begin(), exercises.end(), [s](const ExerciseResult& e) { return e.status == s; });
  };
  out += fmt::format("Total: {}/{} points. Exercises: {} passed, {} failed, {} not implemented, {} crashed, {} timed out.\n",
                     score, points, count(Status::Passed), count(Status::Failed), count(Status::NotImplemented),
                     count(Status::Crashed), count(Status::TimedOut));
  if (const auto not_run = count(Status::NotRun)) out += fmt::format("{} exercises were not run.\n", not_run);
  return out;
}

std::string gradescope_json(const std::vector<CaseResult>& results, const std::string& note) {
  nlohmann::json tests = nlohmann::json::array();
  double seconds = 0.0;
  for (const ExerciseResult& e : by_exercise(results)) {
    for (const CaseResult* c : e.cases) {
      std::string output = to_string(c->outcome.status);
      if (c->outcome.status != Status::Passed) output += ": " + details(*c);
      tests.push_back({{"name", c->info.name},
                       {"number", c->info.exercise},
                       {"score", c->score()},
                       {"max_score", c->info.points},
                       {"status", c->outcome.status == Status::Passed ? "passed" : "failed"},
                       {"output", output},
                       {"visibility", c->info.visibility}});
      seconds += c->outcome.seconds;
    }
  }
  const nlohmann::json j = {{"score", total_score(results)},
                            {"max_score", total_points(results)},
                            {"execution_time", static_cast<int>(seconds + 0.5)},
                            {"output", note + score_table(results, false)},
                            {"visibility", "visible"},
                            {"stdout_visibility", "visible"},
                            {"tests", tests}};
  // A student's bytes may be any bytes: invalid UTF-8 becomes U+FFFD.
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string junit_xml(const std::vector<CaseResult>& results) {
  std::map<int, std::vector<const CaseResult*>> chapters;
  for (const ExerciseResult& e : by_exercise(results)) {
    for (const CaseResult* c : e.cases) chapters[e.chapter].push_back(c);
  }
  const auto counts = [](const std::vector<const CaseResult*>& cases) {
    int failures = 0, errors = 0;
    double seconds = 0.0;
    for (const CaseResult* c : cases) {
      const Status s = c->outcome.status;
      failures += s == Status::Failed || s == Status::NotImplemented;
      errors += s == Status::Crashed || s == Status::TimedOut || s == Status::NotRun;
      seconds += c->outcome.seconds;
    }
    return std::tuple{failures, errors, seconds};
  };
  std::vector<const CaseResult*> all;
  for (const auto& [chapter, cases] : chapters) all.insert(all.end(), cases.begin(), cases.end());
  const auto [failures, errors, seconds] = counts(all);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"stepgrad grade\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n",
                     all.size(), failures, errors, seconds);
  for (const auto& [chapter, cases] : chapters) {
    const auto [f, e, s] = counts(cases);
    out += fmt::format("  <testsuite name=\"chapter {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"{:.3f}\">\n",
                       chapter, cases.size(), f, e, s);
    for (const CaseResult* c : cases) {
      out += fmt::format("    <testcase classname=\"ch{:02}.ex{}\" name=\"{}\" time=\"{:.3f}\">\n", chapter,
                         c->info.exercise, xml_escaped(c->info.name), c->outcome.seconds);
      out += fmt::format("      <properties><property name=\"points\" value=\"{}\"/><property name=\"score\" value=\"{}\"/></properties>\n",
                         c->info.points, c->score());
      const Status st = c->outcome.status;
      if (st != Status::Passed) {
        const std::string tag = st == Status::Crashed || st == Status::TimedOut || st == Status::NotRun ? "error" : "failure";
        const std::string text = details(*c);
        out += fmt::format("      <{} type=\"{}\" message=\"{}\">{}</{}>\n", tag, to_string(st),
                           xml_escaped(text.substr(0, text.find('\n'))), xml_escaped(text), tag);
        if (!c->outcome.output.empty()) {
          out += fmt::format("      <system-out>{}</system-out>\n", xml_escaped(c->outcome.output));
        }
      }
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace sg::grading

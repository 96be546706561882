#include "grading/protocol.hpp"

#include <regex>

namespace sg::grading {

std::optional<TestCaseInfo> read_tags(const std::string& name, const std::vector<std::string>& tags,
                                      std::string& why) {
  static const std::regex chapter(R"(ch([0-9]+))"), exercise(R"(ex([0-9]+)\.([0-9]+))"),
      points(R"(points:([0-9]+))"), visibility(R"(visibility:(visible|hidden|after_due_date|after_published))");
  TestCaseInfo t;
  t.name = name;
  bool has_chapter = false, has_points = false;
  for (const std::string& tag : tags) {
    std::smatch m;
    if (std::regex_match(tag, m, chapter)) {
      t.chapter = std::stoi(m[1]);
      has_chapter = true;
    } else if (std::regex_match(tag, m, exercise)) {
      t.exercise = m[1].str() + "." + m[2].str();
    } else if (std::regex_match(tag, m, points)) {
      t.points = std::stoi(m[1]);
      has_points = true;
    } else if (std::regex_match(tag, m, visibility)) {
      t.visibility = m[1].str();
    } else if (tag.rfind("visibility:", 0) == 0) {
      why = "test case \"" + name + "\": [" + tag + "]: the visibilities are visible, hidden, after_due_date, after_published";
      return std::nullopt;
    }
  }
  if (!has_chapter || t.exercise.empty() || !has_points) {
    why = "test case \"" + name + "\" needs the tags [chNN][exN.M][points:P]";
    return std::nullopt;
  }
  if (std::stoi(t.exercise) != t.chapter) {
    why = "test case \"" + name + "\" is tagged ex" + t.exercise + " but ch" + std::to_string(t.chapter);
    return std::nullopt;
  }
  // "3.1 sigmoid_backward: ..." -> sigmoid_backward
  static const std::regex function(R"(^[0-9]+\.[0-9]+ ([A-Za-z_][A-Za-z_0-9]*).*)");
  std::smatch m;
  t.function = std::regex_match(name, m, function) ? m[1].str() : "";
  return t;
}

}  // namespace sg::grading

#include "engine/data/csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>
#include <vector>

#include "engine/core/error.hpp"

namespace sg {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    fields.push_back(trim(line.substr(start, comma == std::string_view::npos ? comma : comma - start)));
    if (comma == std::string_view::npos) return fields;
    start = comma + 1;
  }
}

std::optional<double> parse_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  if (s.front() == '+') s.remove_prefix(1);   // from_chars does not take a leading '+'
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

struct Line {
  std::size_t number;   // 1-based, as an editor shows it
  std::string_view text;
};

std::vector<Line> non_blank_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t start = 0, number = 1;
  while (start <= text.size()) {
    const std::size_t nl = text.find('\n', start);
    const std::string_view line =
        text.substr(start, nl == std::string_view::npos ? text.size() - start : nl - start);
    if (!trim(line).empty()) lines.push_back({number, line});
    if (nl == std::string_view::npos) break;
    start = nl + 1;
    ++number;
  }
  return lines;
}

std::string join(const std::vector<std::string_view>& names) {
  std::string s;
  for (std::size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + std::string(names[i]);
  return s;
}

}  // namespace

Dataset read_csv(const std::filesystem::path& path, const std::string& label_column, CsvLabels labels) {
  const std::string name = path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot open: check the path", name));
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();

  const std::vector<Line> lines = non_blank_lines(text);
  if (lines.empty()) {
    throw IoError(fmt::format("{}: the file is empty: expected a header row naming the columns, "
                              "e.g. 'sepal_length,sepal_width,{}'", name, label_column));
  }
  const std::vector<std::string_view> header = split_fields(lines[0].text);
  const auto label_it = std::find(header.begin(), header.end(), label_column);
  if (label_it == header.end()) {
    throw IoError(fmt::format("{} line {}: no column named '{}' in the header (columns: {})", name,
                              lines[0].number, label_column, join(header)));
  }
  const auto label_col = static_cast<std::size_t>(label_it - header.begin());
  if (lines.size() == 1) {
    throw IoError(fmt::format("{}: only a header, no data rows after line {}", name, lines[0].number));
  }

  const auto n = static_cast<Index>(lines.size() - 1);
  const auto d = static_cast<Index>(header.size() - 1);
  Dataset ds;
  ds.name = path.filename().string();
  ds.X.resize(n, d);
  std::vector<std::string_view> label_text(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) {
    const Line& line = lines[static_cast<std::size_t>(i) + 1];
    const std::vector<std::string_view> fields = split_fields(line.text);
    if (fields.size() != header.size()) {
      throw IoError(fmt::format("{} line {}: {} fields, but the header (line {}) names {} columns: "
                                "every row needs one value per column", name, line.number, fields.size(),
                                lines[0].number, header.size()));
    }
    Index f = 0;
    for (std::size_t c = 0; c < fields.size(); ++c) {
      if (c == label_col) {
        label_text[static_cast<std::size_t>(i)] = fields[c];
        continue;
      }
      const std::optional<double> v = parse_number(fields[c]);
      if (!v) {
        throw IoError(fmt::format("{} line {}, column '{}': '{}' is not a number", name, line.number,
                                  header[c], fields[c]));
      }
      ds.X(i, f++) = *v;
    }
  }

  // The label column: targets, class indices, or names.
  auto line_of = [&](std::size_t i) { return lines[i + 1].number; };
  if (labels == CsvLabels::Target) {
    ds.targets.resize(n, 1);
    for (std::size_t i = 0; i < label_text.size(); ++i) {
      const std::optional<double> v = parse_number(label_text[i]);
      if (!v) {
        throw IoError(fmt::format("{} line {}, column '{}': '{}' is not a number (the regression target)",
                                  name, line_of(i), label_column, label_text[i]));
      }
      ds.targets(static_cast<Index>(i), 0) = *v;
    }
    return ds;
  }
  bool indices = labels == CsvLabels::Auto;
  for (std::string_view s : label_text) {
    const std::optional<double> v = parse_number(s);
    if (!v || *v < 0 || *v != std::floor(*v) || *v > 1e6) indices = false;
  }
  ds.labels.resize(label_text.size());
  if (indices) {
    for (std::size_t i = 0; i < label_text.size(); ++i) ds.labels[i] = static_cast<int>(*parse_number(label_text[i]));
    const int k = *std::max_element(ds.labels.begin(), ds.labels.end()) + 1;
    for (int c = 0; c < k; ++c) ds.class_names.push_back(std::to_string(c));
    return ds;
  }
  std::map<std::string_view, int> index_of;
  for (std::size_t i = 0; i < label_text.size(); ++i) {
    if (label_text[i].empty()) {
      throw IoError(fmt::format("{} line {}, column '{}': the label is empty", name, line_of(i), label_column));
    }
    const auto [it, added] = index_of.emplace(label_text[i], static_cast<int>(index_of.size()));
    if (added) ds.class_names.emplace_back(label_text[i]);
    ds.labels[i] = it->second;
  }
  return ds;
}

}  // namespace sg

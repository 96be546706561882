// jsonl_check FILE [MIN_LINES]: every line of FILE is one JSON object with the
// trace schema's version "v" (docs/trace-format.md), and there are at least
// MIN_LINES lines (default 1). Exit 0 if so; 1 with the first bad line if not.
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: jsonl_check FILE [MIN_LINES]\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "jsonl_check: cannot open " << argv[1] << '\n';
    return 1;
  }
  const long min_lines = argc == 3 ? std::stol(argv[2]) : 1;
  long n = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++n;
    try {
      const nlohmann::json event = nlohmann::json::parse(line);
      if (!event.is_object() || !event.contains("v")) throw std::runtime_error("not an event object with \"v\"");
    } catch (const std::exception& e) {
      std::cerr << "jsonl_check: " << argv[1] << ":" << n << ": " << e.what() << '\n';
      return 1;
    }
  }
  if (n < min_lines) {
    std::cerr << "jsonl_check: " << argv[1] << " has " << n << " lines, expected at least " << min_lines << '\n';
    return 1;
  }
  std::cout << "jsonl_check: " << n << " lines, each one JSON event\n";
  return 0;
}

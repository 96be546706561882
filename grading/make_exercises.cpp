// make_exercises: writes the student version, exercises/, from solutions/.
//
// Every file under solutions/ is copied to the same place under exercises/,
// except that each region
//
//     // BEGIN SOLUTION 3.1 sigmoid_backward: derive σ' in terms of σ (lesson "The five functions"), times dY elementwise; x=0.5, dY=1 gives 0.2350037, and 0.6225 is σ itself
//     ...the reference code...
//     // END SOLUTION
//
// becomes a stub that compiles and fails loudly, naming the exercise, the
// file to open and the hint:
//
//     // Exercise 3.1 (sigmoid_backward): your code goes here, in place of the line below.
//     throw sg::NotImplemented("Exercise 3.1 (sigmoid_backward) is not implemented yet: open exercises/03_activations/exercises.cpp. Hint: derive σ' in terms of σ (lesson ...");
//
// The hint, like the comment above the function, says what to compute, where
// the lesson derives it, a value to check by hand and the classic mistake,
// never the answer itself (docs/instructors.md, "Add an exercise").
//
// A file whose functions run on a GPU cannot throw; a line
// `// STUBS CALL sg::gpu::not_implemented` makes its stubs call that instead.
// Files under exercises/ that solutions/ no longer has are removed.
//
//   make_exercises --root .            write exercises/ (what the `exercises` target runs)
//   make_exercises --root . --check    exit 1, naming each file, when exercises/ is stale
//   make_exercises --root R --out D    write the student version into D instead of R/exercises
//
// Exit codes: 0 done (or up to date), 1 stale or a malformed marker, 2 usage.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Failure {
  std::string message;
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw Failure{"cannot read " + p.string()};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The text as a C++ string literal's contents.
std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// The student's version of one solution file. `shown` is the path a student
// opens ("exercises/03_activations/exercises.cpp"), `where` names the
// solution file in error messages.
std::string stub_file(const std::string& text, const std::string& shown, const std::string& where) {
  static const std::regex begin(R"(^(\s*)// BEGIN SOLUTION(.*)$)");
  static const std::regex begin_args(R"(^ ([0-9]+\.[0-9]+) ([A-Za-z_][A-Za-z_0-9:]*): (\S.*)$)");
  static const std::regex end(R"(^\s*// END SOLUTION\s*$)");
  static const std::regex stub_call(R"(^\s*// STUBS CALL ([A-Za-z_][A-Za-z_0-9:]*)\s*$)");

  std::string call;   // empty: throw sg::NotImplemented
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::smatch m;
    if (std::regex_match(line, m, stub_call)) call = m[1];
  }

  std::string out;
  bool inside = false;
  int begin_line = 0, number = 0;
  lines.clear();
  lines.str(text);
  while (std::getline(lines, line)) {
    ++number;
    const std::string at = where + ":" + std::to_string(number) + ": ";
    std::smatch m;
    if (std::regex_match(line, m, begin)) {
      if (inside) throw Failure{at + "BEGIN SOLUTION inside the region opened on line " + std::to_string(begin_line)};
      std::smatch a;
      const std::string args = m[2];
      if (!std::regex_match(args, a, begin_args)) {
        throw Failure{at + "write the marker as `// BEGIN SOLUTION <id> <function>: <hint>`, "
                           "e.g. `// BEGIN SOLUTION 3.1 sigmoid_backward: multiply by dY`"};
      }
      inside = true;
      begin_line = number;
      const std::string indent = m[1], id = a[1], function = a[2], hint = a[3];
      const std::string message = "Exercise " + id + " (" + function + ") is not implemented yet: open " + shown +
                                  ". Hint: " + hint;
      out += indent + "// Exercise " + id + " (" + function + "): your code goes here, in place of the line below.\n";
      out += indent + (call.empty() ? "throw sg::NotImplemented(\"" + escaped(message) + "\");"
                                    : call + "(\"" + escaped(message) + "\");") + "\n";
    } else if (std::regex_match(line, end)) {
      if (!inside) throw Failure{at + "END SOLUTION without a BEGIN SOLUTION"};
      inside = false;
    } else if (!inside) {
      out += line + "\n";
    }
  }
  if (inside) throw Failure{where + ":" + std::to_string(begin_line) + ": BEGIN SOLUTION is never ended"};
  return out;
}

// Every regular file under dir, as paths relative to it, sorted.
std::vector<fs::path> files_under(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::exists(dir)) return files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) files.push_back(fs::relative(e.path(), dir));
  }
  std::sort(files.begin(), files.end());
  return files;
}

int usage(const char* why) {
  std::cerr << "error: " << why << "\n"
            << "usage: make_exercises --root DIR [--out DIR] [--check]\n"
            << "  writes DIR/exercises/ (or --out DIR) from DIR/solutions/ (the student version);\n"
            << "  --check: change nothing, exit 1 and name each file when exercises/ is stale\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path root, out;
  bool check = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--root" && i + 1 < argc) {
      root = argv[++i];
    } else if (arg == "--out" && i + 1 < argc) {
      out = argv[++i];
    } else if (arg == "--check") {
      check = true;
    } else if (arg == "--help" || arg == "-h") {
      usage("(help)");
      return 0;
    } else {
      return usage(("unknown argument " + arg).c_str());
    }
  }
  if (root.empty()) return usage("--root DIR is required");
  const fs::path solutions = root / "solutions", exercises = out.empty() ? root / "exercises" : out;
  if (!fs::is_directory(solutions)) {
    std::cerr << "error: " << solutions.string()
              << " is not a folder: the student version is made from the solutions, which a student's copy "
                 "does not have\n";
    return 1;
  }

  try {
    // What exercises/ should hold, file by file.
    std::map<fs::path, std::string> wanted;
    for (const fs::path& rel : files_under(solutions)) {
      wanted[rel] = stub_file(read(solutions / rel), ("exercises" / rel).generic_string(),
                              ("solutions" / rel).generic_string());
    }
    std::vector<std::string> stale;
    for (const auto& [rel, text] : wanted) {
      const fs::path target = exercises / rel;
      if (fs::exists(target) && read(target) == text) continue;
      stale.push_back(("exercises" / rel).generic_string() + (fs::exists(target) ? " differs" : " is missing"));
      if (!check) {
        fs::create_directories(target.parent_path());
        std::ofstream out(target, std::ios::binary);
        out << text;
        if (!out.flush()) throw Failure{"cannot write " + target.string()};
      }
    }
    for (const fs::path& rel : files_under(exercises)) {
      if (wanted.count(rel)) continue;
      stale.push_back(("exercises" / rel).generic_string() + " has no solutions/ counterpart");
      if (!check) fs::remove(exercises / rel);
    }
    if (check && !stale.empty()) {
      std::cerr << "error: exercises/ is not what solutions/ generates:\n";
      for (const std::string& s : stale) std::cerr << "  " << s << "\n";
      std::cerr << "regenerate it with: cmake --build build --target exercises\n";
      return 1;
    }
    std::cout << (check ? "exercises/ is up to date" : "exercises/: " + std::to_string(stale.size()) + " files written or removed")
              << " (" << wanted.size() << " files from solutions/)\n";
    return 0;
  } catch (const Failure& f) {
    std::cerr << "error: " << f.message << "\n";
    return 1;
  } catch (const fs::filesystem_error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}

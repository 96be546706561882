// In-process rendering through libgvc/libcgraph. Every call: lock, read the
// DOT (agread, with ids in creation order), lay it out (gvLayout), render into memory (gvRenderData),
// then free the layout and the graph, whatever happened in between. The
// Graphviz context itself lives as long as the process (see Graphviz below).
#include "engine/diagram/render.hpp"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <mutex>
#include <tuple>

#include <fmt/format.h>

#include "engine/core/files.hpp"

namespace sg {

std::string_view to_string(Format format) {
  switch (format) {
    case Format::Svg: return "svg";
    case Format::Png: return "png";
    case Format::Pdf: return "pdf";
  }
  return "?";
}

Format parse_format(std::string_view text) {
  for (Format f : {Format::Svg, Format::Png, Format::Pdf}) {
    if (text == to_string(f)) return f;
  }
  throw ValueError(fmt::format("render: format '{}' is not one of svg, png, pdf", text));
}

namespace {

// Graphviz keeps process-wide state (its error level and log, the DOT
// lexer, plugin tables) and is not thread-safe, so every call into it holds
// this lock. This is the engine's one piece of static mutable state.
//
// The context lives as long as the process instead of one per call: the
// pango plugin of Graphviz 2.42 remembers the last font name it measured by
// pointer, and that string belongs to the context, so a call after
// gvFreeContext reads freed memory (ASan: heap-use-after-free in
// textspan_size; later Graphviz versions copy the name). One context for all
// calls is how the `dot` command itself uses the library.
struct Graphviz {
  std::mutex mutex;
  GVC_t* gvc = nullptr;   // made on first use, under the lock
  Graphviz() = default;
  Graphviz(const Graphviz&) = delete;
  Graphviz& operator=(const Graphviz&) = delete;
  ~Graphviz() {
    if (gvc) gvFreeContext(gvc);
  }
};

Graphviz& graphviz() {
  static Graphviz library;
  return library;
}

// The text of Graphviz's last error, trimmed ("" if it recorded none).
std::string last_graphviz_error() {
  char* text = aglasterr();
  if (!text) return "";
  std::string s(text);
  std::free(text);   // aglasterr mallocs its answer
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Reading DOT with object ids in creation order.
//
// agmemread uses cgraph's default id discipline, which makes the id of a named
// object the address of its interned name; subgraphs are kept ordered by id,
// so the clusters of a graph were laid out and written in the order of heap
// addresses: the same DOT text gave SVGs whose cluster groups came in a
// different order from run to run. This discipline numbers named objects in
// the order they are first seen (even ids, as cgraph expects of named
// objects; anonymous ones get odd ids), so the same DOT gives the same bytes.
struct OrderedIds {
  std::map<std::string, IDTYPE, std::less<>> by_name;
  std::map<IDTYPE, std::string> names;
  IDTYPE next_named = 2;
  IDTYPE next_anonymous = 1;
};

void* ids_open(Agraph_t*, Agdisc_t*) { return new OrderedIds; }

long ids_map(void* state, int, char* str, IDTYPE* id, int createflag) {
  auto& s = *static_cast<OrderedIds*>(state);
  if (!str) {
    *id = s.next_anonymous;
    s.next_anonymous += 2;
    return 1;
  }
  const auto it = s.by_name.find(std::string_view(str));
  if (it != s.by_name.end()) {
    *id = it->second;
  } else if (createflag) {
    *id = s.next_named;
    s.next_named += 2;
    s.by_name.emplace(str, *id);
    s.names.emplace(*id, str);
  } else {
    *id = 0;   // not found, as the default discipline answers
  }
  return 1;
}

long ids_alloc(void*, int, IDTYPE request) { return request % 2 != 0; }
void ids_free(void*, int, IDTYPE) {}   // names live until the graph is closed

char* ids_print(void* state, int, IDTYPE id) {
  auto& s = *static_cast<OrderedIds*>(state);
  const auto it = s.names.find(id);
  return it == s.names.end() ? nullptr : it->second.data();
}

void ids_close(void* state) { delete static_cast<OrderedIds*>(state); }
void ids_register(void*, int, void*) {}

Agiddisc_t ordered_id_disc = {ids_open, ids_map, ids_alloc, ids_free, ids_print, ids_close, ids_register};

// The DOT text as cgraph's reader wants it: one line per call, as agmemread does.
struct DotText {
  const std::string& text;
  std::size_t cur = 0;
};

int read_line(void* chan, char* buf, int bufsize) {
  auto& in = *static_cast<DotText*>(chan);
  int n = 0;
  while (n < bufsize && in.cur < in.text.size()) {
    const char c = in.text[in.cur++];
    buf[n++] = c;
    if (c == '\n') break;
  }
  return n;
}

Agraph_t* read_dot(const std::string& dot) {
  DotText in{dot};
  Agiodisc_t io = {read_line, AgIoDisc.putstr, AgIoDisc.flush};
  Agdisc_t disc = {&AgMemDisc, &ordered_id_disc, &io};
  return agread(&in, &disc);
}

// One locked session with Graphviz: errors go to Graphviz's log (read back
// with aglasterr) instead of stderr, and the layout and the graph are freed
// at the end, whatever happened.
class Session {
 public:
  Session() : lock_(graphviz().mutex), saved_level_(agseterr(AGMAX)) {
    agreseterrors();
    Graphviz& library = graphviz();
    if (!library.gvc) library.gvc = gvContext();
    gvc_ = library.gvc;
    if (!gvc_) {
      agseterr(saved_level_);
      throw Error("graphviz: gvContext() failed (are Graphviz's plugins installed?)");
    }
  }
  ~Session() {
    if (graph_) {
      if (laid_out_) gvFreeLayout(gvc_, graph_);
      agclose(graph_);
    }
    agseterr(saved_level_);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  Agraph_t* read(const std::string& dot) {
    graph_ = read_dot(dot);
    if (!graph_) {
      throw Error(fmt::format("graphviz: could not read the DOT text: {}",
                              or_unknown(last_graphviz_error())));
    }
    return graph_;
  }
  void lay_out(std::string_view engine) {
    const std::string name(engine);
    const int rc = gvLayout(gvc_, graph_, name.c_str());
    laid_out_ = rc == 0;
    if (rc != 0) {
      throw Error(fmt::format("graphviz: layout with '{}' failed: {}", name,
                              or_unknown(last_graphviz_error())));
    }
  }
  std::string render_data(std::string_view format) {
    const std::string name(format);
    char* data = nullptr;
    unsigned int length = 0;
    const int rc = gvRenderData(gvc_, graph_, name.c_str(), &data, &length);
    std::string out;
    if (data) {
      out.assign(data, length);
      gvFreeRenderData(data);
    }
    if (rc != 0 || out.empty()) {
      throw Error(fmt::format("graphviz: rendering to {} failed: {}", name,
                              or_unknown(last_graphviz_error())));
    }
    return out;
  }

 private:
  static std::string or_unknown(std::string s) {
    return s.empty() ? "Graphviz gave no message" : s;
  }

  std::lock_guard<std::mutex> lock_;
  agerrlevel_t saved_level_;
  GVC_t* gvc_ = nullptr;
  Agraph_t* graph_ = nullptr;
  bool laid_out_ = false;
};

double to_double(std::string_view s) {
  double v = 0.0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  (void)end;
  if (ec != std::errc()) throw Error(fmt::format("graphviz: '{}' is not a number", s));
  return v;
}

// "x,y" (Graphviz may append "!" on pinned nodes).
std::pair<double, double> parse_point(std::string_view s) {
  const auto comma = s.find(',');
  if (comma == std::string_view::npos) throw Error(fmt::format("graphviz: '{}' is not a point", s));
  std::string_view y = s.substr(comma + 1);
  if (!y.empty() && y.back() == '!') y.remove_suffix(1);
  return {to_double(s.substr(0, comma)), to_double(y)};
}

std::string attr(void* obj, const char* name) {
  const char* v = agget(obj, const_cast<char*>(name));
  return v ? std::string(v) : std::string();
}

}  // namespace

std::string render_to_string(const std::string& dot, Format format) {
  Session s;
  s.read(dot);
  s.lay_out("dot");
  return s.render_data(to_string(format));
}

void render(const std::string& dot, Format format, const std::filesystem::path& out) {
  const std::string data = render_to_string(dot, format);
  // Written here rather than by Graphviz, so that an unwritable path is an
  // sg::Error and not Graphviz's own handling of a failed fopen.
  write_file(out, data, "render");
}

Layout layout(const std::string& dot, std::string_view engine) {
  Session s;
  Agraph_t* g = s.read(dot);
  s.lay_out(engine);
  // Rendering to "dot" attaches pos/width/height/bb as attributes.
  s.render_data("dot");

  Layout result;
  const std::string bb = attr(g, "bb");
  if (!bb.empty()) {
    double v[4] = {0, 0, 0, 0};
    std::string_view rest = bb;
    for (double& x : v) {
      const auto comma = rest.find(',');
      x = to_double(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    result.llx = v[0];
    result.lly = v[1];
    result.urx = v[2];
    result.ury = v[3];
  }
  for (Agnode_t* n = agfstnode(g); n; n = agnxtnode(g, n)) {
    NodePlacement p;
    std::tie(p.x, p.y) = parse_point(attr(n, "pos"));
    p.width = to_double(attr(n, "width"));
    p.height = to_double(attr(n, "height"));
    result.nodes[agnameof(n)] = p;
    for (Agedge_t* e = agfstout(g, n); e; e = agnxtout(g, e)) {
      const std::string id = attr(e, "id");
      if (!id.empty()) result.edges[id] = EdgePlacement{attr(e, "pos"), attr(e, "lp")};
    }
  }
  return result;
}

}  // namespace sg

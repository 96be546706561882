// The JSON Lines format of the trace, schema version 1: one object per event,
// keys in a fixed order (nlohmann::ordered_json), numbers as the shortest
// text that reads back to the same double (fmt's, below: nlohmann's own
// printer writes one digit more for about 1 number in 1,500), NaN and
// infinities as the strings "nan", "inf", "-inf". docs/trace-format.md is
// the reference.
#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <iterator>
#include <nlohmann/json.hpp>
#include <ostream>

#include "engine/trace/sinks.hpp"

namespace sg {

namespace {
using Json = nlohmann::ordered_json;

// JSON has no NaN or infinity; they are written as strings.
Json number(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  return x;
}

// {"shape":[r,c],"data":[[row],...]} or {"shape":[r,c],"summary":{...}}
Json tensor(const TensorRecord& t) {
  Json j;
  const Shape shape = t.shape();
  j["shape"] = Json::array({shape.rows, shape.cols});
  if (t.summary) {
    const TensorSummary& s = *t.summary;
    Json first = Json::array();
    for (double x : s.first) first.push_back(number(x));
    j["summary"] = Json{{"min", number(s.min)}, {"max", number(s.max)}, {"mean", number(s.mean)},
                        {"norm", number(s.norm)}, {"first", std::move(first)}};
    return j;
  }
  const Mat& m = t.whole;
  Json data = Json::array();
  for (Index r = 0; r < m.rows(); ++r) {
    Json row = Json::array();
    for (Index c = 0; c < m.cols(); ++c) row.push_back(number(m(r, c)));
    data.push_back(std::move(row));
  }
  j["data"] = std::move(data);
  return j;
}

// A gradient that never arrived (a node that needs none) is null.
Json maybe_tensor(const TensorRecord& t) { return t.empty() ? Json(nullptr) : tensor(t); }

Json metrics(const std::vector<std::pair<std::string, double>>& values) {
  Json j = Json::object();
  for (const auto& [name, value] : values) j[name] = number(value);
  return j;
}
// j as compact JSON, as nlohmann's dump(-1) writes it, except for numbers
// with a fraction: the shortest text that reads back to the same double
// (fmt's {}), with ".0" added to one that would read as an integer
// (1.0, -0.0), as nlohmann does.
void dump(const Json& j, std::string& out) {
  switch (j.type()) {
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (!first) out += ',';
        first = false;
        out += Json(it.key()).dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
        out += ':';
        dump(it.value(), out);
      }
      out += '}';
      return;
    }
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const Json& v : j) {
        if (!first) out += ',';
        first = false;
        dump(v, out);
      }
      out += ']';
      return;
    }
    case Json::value_t::number_float: {
      const std::size_t start = out.size();
      fmt::format_to(std::back_inserter(out), "{}", j.get<double>());
      if (out.find_first_of(".e", start) == std::string::npos) out += ".0";
      return;
    }
    default:
      // UTF-8 kept as is (the formulas use ·, ᵀ, ⊙); invalid UTF-8 in a label
      // is replaced rather than thrown, so a trace never stops a run.
      out += j.dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
  }
}
}  // namespace

std::string event_to_jsonl(const Event& e, const TraceOptions&) {
  Json j;
  j["v"] = kTraceSchemaVersion;
  j["seq"] = e.seq;
  j["kind"] = to_string(e.kind());
  if (const auto* f = std::get_if<ForwardEvent>(&e.data)) {
    const NodeInfo& n = f->node;
    j["id"] = n.id;
    j["op"] = n.op;
    j["attr"] = n.attr;
    j["label"] = n.label;
    j["scope"] = n.scope;
    j["role"] = to_string(n.role);
    j["requires_grad"] = n.requires_grad;
    j["parents"] = n.parents;
    j["formulas"] = n.formulas;
    j["value"] = tensor(n.value);
  } else if (const auto* b = std::get_if<BackwardEvent>(&e.data)) {
    const NodeInfo& n = b->node;
    j["id"] = n.id;
    j["op"] = n.op;
    j["label"] = n.label;
    j["upstream"] = maybe_tensor(n.grad);
    Json contributions = Json::array();
    for (const Contribution& c : b->contributions) {
      contributions.push_back(
          Json{{"parent", c.parent}, {"formula", c.formula}, {"value", tensor(c.value)}});
    }
    j["contributions"] = std::move(contributions);
  } else if (const auto* u = std::get_if<UpdateInfo>(&e.data)) {
    j["id"] = u->id;
    j["label"] = u->label;
    j["optimizer"] = u->optimizer;
    j["lr"] = number(u->lr);
    j["before"] = tensor(u->before);
    j["grad"] = tensor(u->grad);
    j["after"] = tensor(u->after);
    Json state = Json::object();
    for (const auto& [name, value] : u->state) state[name] = tensor(value);
    j["state"] = std::move(state);
    if (!u->note.empty()) j["note"] = u->note;
  } else if (const auto* st = std::get_if<StepEvent>(&e.data)) {
    j["index"] = st->index;
    j["metrics"] = metrics(st->metrics);
  } else if (const auto* ep = std::get_if<EpochEvent>(&e.data)) {
    j["index"] = ep->index;
    j["metrics"] = metrics(ep->metrics);
  }
  std::string line;
  dump(j, line);
  return line;
}

JsonlSink::JsonlSink(std::ostream& out) : out_(&out), name_("the JSONL stream") {}

JsonlSink::JsonlSink(const std::filesystem::path& path)
    : file_(std::make_unique<std::ofstream>()), out_(file_.get()), name_(path.string()) {
  errno = 0;
  file_->open(path, std::ios::out | std::ios::trunc | std::ios::binary);
  if (!*file_) {
    const int err = errno;
    throw Error(fmt::format("trace: cannot open '{}' for writing: {}", name_,
                            err != 0 ? std::strerror(err) : "the stream could not be opened"));
  }
}

void JsonlSink::write(const Event& event, const TraceOptions& options) {
  *out_ << event_to_jsonl(event, options) << '\n';
  if (!*out_) throw Error(fmt::format("trace: writing event {} to {} failed", event.seq, name_));
}

void JsonlSink::flush() {
  out_->flush();
  if (!*out_) throw Error(fmt::format("trace: flushing {} failed", name_));
}

}  // namespace sg

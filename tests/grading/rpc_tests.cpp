// The grading channel's encoding (grading/rpc.hpp) and the reports' handling
// of a student's bytes (grading/report.cpp): what the judge reads from a
// worker is untrusted, so every malformed message must be a ProtocolError,
// never a crash or an allocation of what the message claims.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <limits>
#include <string>
#include <vector>

#include "engine/core/shape.hpp"
#include "grading/protocol.hpp"
#include "grading/report.hpp"
#include "grading/rpc.hpp"

using namespace sg::grading;
using rpc::ProtocolError;
using rpc::Reader;
using rpc::Writer;

namespace {
struct Pair {
  double a = 0;
  std::vector<int> b;
};
}  // namespace
SG_FIELDS(Pair, v.a, v.b)

TEST_CASE("rpc: values cross the channel unchanged") {
  Writer w;
  sg::Mat M(2, 3);
  M << 1, 2, 3, 4, 5, 6.5;
  const Eigen::Vector2d v(-1, 0.25);
  const std::array<double, 4> a = {1, 2, 3, 4};
  const Pair p{3.5, {1, -2, 3}};
  w.put(M);
  w.put(v);
  w.put(a);
  w.put(p);
  w.put(std::string("σ(x) \xff"));
  w.put(true);
  w.put(std::pair<int, double>(7, 0.5));
  Reader r(w.bytes);
  CHECK(r.get<sg::Mat>() == M);
  CHECK(r.get<Eigen::Vector2d>() == v);
  CHECK(r.get<std::array<double, 4>>() == a);
  const Pair q = r.get<Pair>();
  CHECK(q.a == 3.5);
  CHECK(q.b == p.b);
  CHECK(r.get<std::string>() == "σ(x) \xff");
  CHECK(r.get<bool>());
  CHECK(r.get<std::pair<int, double>>() == std::pair<int, double>(7, 0.5));
  CHECK(r.left() == 0);
}

TEST_CASE("rpc: a malformed answer is a ProtocolError, not a crash or a huge allocation") {
  SECTION("truncated") {
    Writer w;
    w.put(sg::Mat(sg::Mat::Ones(3, 3)));
    std::string cut = w.bytes.substr(0, w.bytes.size() - 1);
    Reader r(cut);
    CHECK_THROWS_AS(r.get<sg::Mat>(), ProtocolError);
  }
  SECTION("a vector that claims 2^60 elements") {
    Writer w;
    w.size(std::size_t{1} << 60);
    Reader r(w.bytes);
    CHECK_THROWS_AS(r.get<std::vector<double>>(), ProtocolError);
  }
  SECTION("a matrix whose rows times columns overflow") {
    Writer w;
    w.size(std::numeric_limits<std::uint64_t>::max() / 2);
    w.size(4);
    Reader r(w.bytes);
    CHECK_THROWS_AS(r.get<sg::Mat>(), ProtocolError);
  }
  SECTION("a fixed-size matrix of another size") {
    Writer w;
    w.put(sg::Mat(sg::Mat::Zero(3, 1)));
    Reader r(w.bytes);
    CHECK_THROWS_AS(r.get<Eigen::Vector2d>(), ProtocolError);
  }
  SECTION("a bool that is 2") {
    Writer w;
    w.raw(static_cast<unsigned char>(2));
    Reader r(w.bytes);
    CHECK_THROWS_AS(r.get<bool>(), ProtocolError);
  }
}

TEST_CASE("rpc: frames are cut where they end, and a bad length or kind is refused") {
  const std::string a = rpc::frame(rpc::Kind::Return, "abc"), b = rpc::frame(rpc::Kind::Throw, "");
  rpc::FrameParser p;
  rpc::Kind kind{};
  std::string payload;
  p.buffer = a.substr(0, 5);
  CHECK_FALSE(p.next(kind, payload));
  p.buffer += a.substr(5) + b;
  REQUIRE(p.next(kind, payload));
  CHECK(kind == rpc::Kind::Return);
  CHECK(payload == "abc");
  REQUIRE(p.next(kind, payload));
  CHECK(kind == rpc::Kind::Throw);
  CHECK(payload.empty());
  CHECK(p.buffer.empty());

  const auto with_length = [](std::uint32_t n, char k) {
    std::string s(reinterpret_cast<const char*>(&n), sizeof n);
    return s + k;
  };
  rpc::FrameParser huge{with_length(0xFFFFFFFFu, 2)};
  CHECK_THROWS_AS(huge.next(kind, payload), ProtocolError);
  rpc::FrameParser empty{with_length(0, 2)};
  CHECK_THROWS_AS(empty.next(kind, payload), ProtocolError);
  rpc::FrameParser unknown{with_length(1, 99)};
  CHECK_THROWS_AS(unknown.next(kind, payload), ProtocolError);
}

TEST_CASE("reports: a student's bytes become valid UTF-8 and well-formed XML") {
  CHECK(valid_utf8("plain σ ∑ 😀") == "plain σ ∑ 😀");
  CHECK(valid_utf8("a\xff" "b") == "a\xEF\xBF\xBD" "b");
  CHECK(valid_utf8("\xc0\xaf") == "\xEF\xBF\xBD\xEF\xBF\xBD");            // overlong '/'
  CHECK(valid_utf8("\xed\xa0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");   // a surrogate
  CHECK(valid_utf8("\xe2\x82") == "\xEF\xBF\xBD\xEF\xBF\xBD");            // cut short

  TestCaseInfo info;
  info.name = "3.1 sigmoid_forward: \xff";
  info.chapter = 3;
  info.exercise = "3.1";
  info.function = "sigmoid_forward";
  info.points = 2;
  info.visibility = "hidden";
  const std::vector<CaseResult> results = {
      {info, {Status::Crashed, "boom \xc3\x28 <&>", "printed \xff\x01 ]]>", 0.5}}};
  const auto j = nlohmann::json::parse(gradescope_json(results, "INCOMPLETE: \xfe\n"));
  CHECK(j["tests"][0]["visibility"] == "hidden");
  CHECK(j["output"].get<std::string>().rfind("INCOMPLETE", 0) == 0);
  const std::string xml = junit_xml(results);
  CHECK(xml.find('\x01') == std::string::npos);
  CHECK(xml.find('\xff') == std::string::npos);
  CHECK(xml.find("<&>") == std::string::npos);
}

TEST_CASE("tags: visibility is read, and an unknown one is refused") {
  std::string why;
  const auto t = read_tags("3.1 f: x", {"ch03", "ex3.1", "points:1", "visibility:after_published"}, why);
  REQUIRE(t);
  CHECK(t->visibility == "after_published");
  CHECK(read_tags("3.1 f: x", {"ch03", "ex3.1", "points:1"}, why)->visibility == "visible");
  CHECK_FALSE(read_tags("3.1 f: x", {"ch03", "ex3.1", "points:1", "visibility:secret"}, why));
  CHECK(why.find("visibilities are") != std::string::npos);
}

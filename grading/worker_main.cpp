// The worker: the only program linked with a student's exercises/. It has
// no test cases, no expected values and no verdicts. The judge
// (grading/judge.cpp) starts one per graded test case, in a sandbox, with
// the channel on file descriptor 3, and sends it calls: an exercise
// function's key and its arguments (grading/rpc.hpp). The worker calls the
// student's function and answers with the result or with the exception it
// threw. It ends when the judge closes the channel (or kills it).
//
// Whatever the student's code prints goes to stdout/stderr, which the judge
// captures (and caps) as the test case's output; nothing printed or written
// here can change a verdict, because verdicts are decided in the judge.
#include <exception>
#include <new>
#include <string>

#include "engine/core/error.hpp"
#include "grading/rpc.hpp"

namespace rpc = sg::grading::rpc;

namespace {

constexpr int kChannel = 3;

// Callbacks run in the judge: send the arguments, wait for the result.
struct WorkerCallbacks final : rpc::CallbackHost {
  std::uint32_t add(std::function<void(rpc::Reader&, rpc::Writer&)>) override {
    throw rpc::ProtocolError("the worker cannot pass a callback to the judge");
  }
  std::string invoke(std::uint32_t id, const std::string& args) override {
    rpc::Writer w;
    w.put(id);
    w.bytes += args;
    rpc::write_all(kChannel, rpc::frame(rpc::Kind::Callback, w.bytes));
    rpc::Kind kind{};
    std::string payload;
    if (!rpc::read_frame(kChannel, kind, payload)) throw rpc::ProtocolError("the judge closed the channel");
    if (kind == rpc::Kind::CallbackReturn) return payload;
    if (kind == rpc::Kind::CallbackThrow) throw sg::Error(payload);
    throw rpc::ProtocolError("the judge answered a callback with another kind of message");
  }
};

std::string thrown(const char* kind, const std::string& message) {
  rpc::Writer w;
  w.put(std::string(kind));
  w.put(message);
  return rpc::frame(rpc::Kind::Throw, w.bytes);
}

// Runs one call; the answer to send.
std::string answer(const std::string& payload) {
  rpc::Reader in(payload);
  const auto key = in.get<std::string>();
  const auto it = rpc::handlers().find(key);
  if (it == rpc::handlers().end()) return thrown("protocol", "this worker has no exercise function " + key);
  try {
    rpc::Writer out;
    it->second(in, out);
    return rpc::frame(rpc::Kind::Return, out.bytes);
  } catch (const sg::NotImplemented& e) {
    return thrown("not_implemented", e.what());
  } catch (const sg::ShapeError& e) {
    return thrown("shape", e.what());
  } catch (const sg::ValueError& e) {
    return thrown("value", e.what());
  } catch (const sg::IoError& e) {
    return thrown("io", e.what());
  } catch (const sg::Error& e) {
    return thrown("error", e.what());
  } catch (const std::bad_alloc& e) {
    return thrown("bad_alloc", e.what());
  } catch (const std::exception& e) {
    return thrown("std", e.what());
  } catch (...) {
    return thrown("unknown", "an exception that is not a std::exception");
  }
}

}  // namespace

int main() {
  static WorkerCallbacks host;
  rpc::callback_host() = &host;
  rpc::Kind kind{};
  std::string payload;
  while (rpc::read_frame(kChannel, kind, payload)) {
    if (kind != rpc::Kind::Call) throw rpc::ProtocolError("the worker expected a call");
    rpc::write_all(kChannel, answer(payload));
  }
  return 0;
}

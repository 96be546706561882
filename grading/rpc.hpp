// Calling a student's exercise functions in another process.
//
// The graded test cases (tests/chapters/chNN_slug/graded.cpp) are compiled
// into the judge (grading/judge_main.cpp), which is never linked with a
// student's code. When a test case calls an exercise function, say
// sg::ch03::sigmoid_forward(X), it calls a proxy with the same signature:
// the proxy writes the function's name and its arguments into a private
// channel, the worker (grading/worker_main.cpp, linked with the student's
// exercises/ and nothing that decides a verdict) calls the student's
// function and writes back its result, or the exception it threw. The test
// case then compares that result in the judge, with expected values the
// worker never sees. A std::function argument (an objective, a gradient)
// stays in the judge: the worker calls it back through the same channel.
//
// Both sides come from one list per chapter (grading/api/chNN.cpp):
//
//   SG_EXERCISE(sg::ch03, Mat, sigmoid_forward, (const Mat& X), (X))
//
// compiled with SG_RPC_WORKER, it registers a handler that decodes X, calls
// the student's sigmoid_forward and encodes the Mat it returns; compiled for
// the judge, it defines sg::ch03::sigmoid_forward(const Mat& X) as the proxy.
// A struct that crosses the channel names its fields once:
//
//   SG_FIELDS(sg::ch13::BnForward, v.mu, v.var, v.Xhat, v.Y)
//
// A non-const reference parameter is an output too: the worker sends its
// final value back and the proxy assigns it to the caller's variable.
//
// The wire format is private to one build (both sides are built from the
// same sources with the same compiler): a message is a 4-byte length, a
// 1-byte kind and the payload; numbers are copied as their bytes. Every
// length read is checked against what is left of the message, and a message
// is at most kMaxMessage bytes, so a malicious answer cannot make the judge
// allocate without bound.
#pragma once

#include <Eigen/Core>

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace sg::grading::rpc {

inline constexpr std::size_t kMaxMessage = std::size_t{256} << 20;   // 256 MiB

enum class Kind : std::uint8_t {
  Call = 1,             // judge -> worker: function key, arguments
  Return = 2,           // worker -> judge: result, then the output parameters
  Throw = 3,            // worker -> judge: exception kind, message
  Callback = 4,         // worker -> judge: callback id, arguments
  CallbackReturn = 5,   // judge -> worker: the callback's result
  CallbackThrow = 6,    // judge -> worker: the callback's exception message
};

// The channel broke its format: a truncated or oversized message, an
// unexpected kind, a value that does not fit its type.
class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Writer;
struct Reader;

// Fields<T>::visit(archive, value) lists a struct's fields (SG_FIELDS).
template <class T>
struct Fields;

template <class T, class = void>
struct has_fields : std::false_type {};
template <class T>
struct has_fields<T, std::void_t<decltype(Fields<T>::template visit<Writer>)>> : std::true_type {};

// Callbacks: the judge keeps the std::function, the worker gets a stand-in
// that sends Callback messages. Set by the side that runs (rpc.cpp).
struct CallbackHost {
  // judge: registers a handler for the duration of one call; returns its id
  virtual std::uint32_t add(std::function<void(Reader&, Writer&)> handler) = 0;
  // worker: runs callback `id` in the judge with the encoded arguments and
  // returns the encoded result (throws sg::Error when the judge's callback threw)
  virtual std::string invoke(std::uint32_t id, const std::string& args) = 0;
  virtual ~CallbackHost() = default;
};
CallbackHost& callbacks();
// Where callbacks() points: each side sets it to its own host at start-up.
CallbackHost*& callback_host();

struct Writer {
  std::string bytes;

  template <class T>
  void raw(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void size(std::size_t n) { raw(static_cast<std::uint64_t>(n)); }

  template <class T>
  void put(const T& v) {
    if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) {
      raw(v);
    } else if constexpr (has_fields<T>::value) {
      Fields<T>::visit(*this, const_cast<T&>(v));
    } else {
      put_other(v);
    }
  }
  template <class... T>
  void operator()(T&... v) {   // Fields<T>::visit(writer, ...)
    (put(v), ...);
  }

  void put_other(const std::string& s) {
    size(s.size());
    bytes += s;
  }
  template <class T, class A>
  void put_other(const std::vector<T, A>& v) {
    size(v.size());
    for (const T& x : v) put(static_cast<const T&>(x));
  }
  template <class S, int R, int C, int O, int MR, int MC>
  void put_other(const Eigen::Matrix<S, R, C, O, MR, MC>& m) {
    size(static_cast<std::size_t>(m.rows()));
    size(static_cast<std::size_t>(m.cols()));
    if (m.size() > 0) bytes.append(reinterpret_cast<const char*>(m.data()), sizeof(S) * static_cast<std::size_t>(m.size()));
  }
  template <class T, std::size_t N>
  void put_other(const std::array<T, N>& a) {
    for (const T& x : a) put(x);
  }
  template <class A, class B>
  void put_other(const std::pair<A, B>& p) {
    put(p.first);
    put(p.second);
  }
  template <class R, class... A>
  void put_other(const std::function<R(A...)>& f);
};

struct Reader {
  const char* p;
  const char* end;

  explicit Reader(const std::string& s) : p(s.data()), end(s.data() + s.size()) {}
  std::size_t left() const { return static_cast<std::size_t>(end - p); }

  template <class T>
  void raw(T& v) {
    if (left() < sizeof v) throw ProtocolError("a message ends in the middle of a value");
    std::memcpy(&v, p, sizeof v);
    p += sizeof v;
  }
  // A count of elements that each take at least `each` bytes.
  std::size_t size(std::size_t each) {
    std::uint64_t n = 0;
    raw(n);
    if (each > 0 && n > left() / each) throw ProtocolError("a message claims more elements than it holds");
    return static_cast<std::size_t>(n);
  }

  template <class T>
  void get(T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      unsigned char b = 0;
      raw(b);
      if (b > 1) throw ProtocolError("a bool that is neither 0 nor 1");
      v = b == 1;
    } else if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) {
      raw(v);
    } else if constexpr (has_fields<T>::value) {
      Fields<T>::visit(*this, v);
    } else {
      get_other(v);
    }
  }
  template <class T>
  T get() {
    T v{};
    get(v);
    return v;
  }
  template <class... T>
  void operator()(T&... v) {
    (get(v), ...);
  }

  void get_other(std::string& s) {
    const std::size_t n = size(1);
    s.assign(p, n);
    p += n;
  }
  template <class T, class A>
  void get_other(std::vector<T, A>& v) {
    const std::size_t n = size(1);
    v.clear();
    v.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      T x{};
      get(x);
      v.push_back(std::move(x));
    }
  }
  template <class S, int R, int C, int O, int MR, int MC>
  void get_other(Eigen::Matrix<S, R, C, O, MR, MC>& m) {
    std::uint64_t rows = 0, cols = 0;
    raw(rows);
    raw(cols);
    if ((R != Eigen::Dynamic && rows != static_cast<std::uint64_t>(R)) ||
        (C != Eigen::Dynamic && cols != static_cast<std::uint64_t>(C))) {
      throw ProtocolError("a matrix of a fixed size arrives with another size");
    }
    if (cols != 0 && rows > left() / sizeof(S) / cols) throw ProtocolError("a matrix larger than its message");
    m.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
    const std::size_t n = sizeof(S) * static_cast<std::size_t>(rows * cols);
    if (n > 0) std::memcpy(m.data(), p, n);   // an empty matrix has no data() to copy into
    p += n;
  }
  template <class T, std::size_t N>
  void get_other(std::array<T, N>& a) {
    for (T& x : a) get(x);
  }
  template <class A, class B>
  void get_other(std::pair<A, B>& v) {
    get(v.first);
    get(v.second);
  }
  template <class R, class... A>
  void get_other(std::function<R(A...)>& f);
};

// Decodes arguments of the types A... (all of the message), calls f with
// them and encodes what it returns; `args` keeps the arguments, so that the
// caller can send back the ones f changed.
template <class R, class... A, class F>
void call_decoded(Reader& in, Writer& out, F& f, std::tuple<std::decay_t<A>...>& args) {
  std::apply([&](auto&... a) { (in.get(a), ...); }, args);
  if (in.left() != 0) throw ProtocolError("a call's arguments are longer than its signature");
  if constexpr (std::is_void_v<R>) {
    std::apply(f, args);
  } else {
    out.put(std::apply(f, args));
  }
}

template <class R, class... A>
void Writer::put_other(const std::function<R(A...)>& f) {
  const bool empty = !f;
  put(empty);
  if (empty) return;
  put(callbacks().add([f](Reader& in, Writer& out) {
    std::tuple<std::decay_t<A>...> args;
    call_decoded<R, A...>(in, out, f, args);
  }));
}

template <class R, class... A>
void Reader::get_other(std::function<R(A...)>& f) {
  bool empty = true;
  get(empty);
  if (empty) {
    f = nullptr;
    return;
  }
  const auto id = get<std::uint32_t>();
  f = [id](A... a) -> R {
    Writer w;
    (w.put(a), ...);
    const std::string reply = callbacks().invoke(id, w.bytes);
    if constexpr (!std::is_void_v<R>) {
      Reader r(reply);
      std::decay_t<R> v{};
      r.get(v);
      return v;
    }
  };
}

// ---- framing -----------------------------------------------------------------------

// A message as it travels: length (4 bytes: the kind and the payload), kind, payload.
std::string frame(Kind kind, const std::string& payload);

// Cuts incoming bytes into messages.
struct FrameParser {
  std::string buffer;
  // The next whole message, if one has arrived. Throws ProtocolError when
  // a length is over kMaxMessage or the kind is not one of Kind's.
  bool next(Kind& kind, std::string& payload);
};

// Blocking reads and writes (the worker's side): read_frame is false at a
// clean end of the stream between messages.
void write_all(int fd, const std::string& bytes);
bool read_frame(int fd, Kind& kind, std::string& payload);

// ---- the two sides -----------------------------------------------------------------

// The judge: sends a call and waits for its reply, answering callbacks on the
// way (grading/judge_worker.cpp). Throws the student's exception, rebuilt
// (sg::NotImplemented, sg::ShapeError, ... or sg::Error), or WorkerStopped
// when the worker crashed, timed out or broke the protocol.
std::string call_worker(const std::string& key, const std::string& args);

// The worker: handlers by key (grading/worker_main.cpp).
using Handler = std::function<void(Reader&, Writer&)>;
std::map<std::string, Handler>& handlers();

template <class T>
using stored_t = std::decay_t<T>;

template <class T>
constexpr bool is_output_v = std::is_lvalue_reference_v<T> && !std::is_const_v<std::remove_reference_t<T>>;

template <class F>
struct Signature;
template <class R, class... P>
struct Signature<R(P...)> {
  // Worker: decode the arguments, call, encode the result and the outputs.
  static Handler handler(R (*fn)(P...)) {
    return [fn](Reader& in, Writer& out) {
      std::tuple<stored_t<P>...> args;
      call_decoded<R, P...>(in, out, fn, args);
      put_outputs(out, args, std::index_sequence_for<P...>{});
    };
  }
  template <std::size_t... I>
  static void put_outputs(Writer& out, std::tuple<stored_t<P>...>& args, std::index_sequence<I...>) {
    (
        [&] {
          if constexpr (is_output_v<P>) out.put(std::get<I>(args));
        }(),
        ...);
  }

  // Judge: encode, call, decode the result and write the outputs back.
  template <class... Args>
  static R call(const char* key, Args&&... a) {
    Writer w;
    (w.put(static_cast<const stored_t<P>&>(a)), ...);
    const std::string reply = call_worker(key, w.bytes);
    Reader in(reply);
    if constexpr (std::is_void_v<R>) {
      (read_output<P>(in, a), ...);
      finish(in);
    } else {
      stored_t<R> result{};
      in.get(result);
      (read_output<P>(in, a), ...);
      finish(in);
      return result;
    }
  }
  template <class Param, class Arg>
  static void read_output(Reader& in, Arg& a) {
    if constexpr (is_output_v<Param>) in.get(a);
  }
  static void finish(Reader& in) {
    if (in.left() != 0) throw ProtocolError("an answer is longer than its function's signature");
  }
};

struct Register {
  Register(const char* key, Handler h) { handlers().emplace(key, std::move(h)); }
};

}  // namespace sg::grading::rpc

#define SG_RPC_CAT2(a, b) a##b
#define SG_RPC_CAT(a, b) SG_RPC_CAT2(a, b)

#define SG_FIELDS(T, ...)                            \
  template <>                                        \
  struct sg::grading::rpc::Fields<T> {               \
    template <class A>                               \
    static void visit(A& a, T& v) {                  \
      a(__VA_ARGS__);                                \
    }                                                \
  };

#if defined(SG_RPC_WORKER)
#define SG_EXERCISE(NS, RET, NAME, PARAMS, ARGS)                                                          \
  static const ::sg::grading::rpc::Register SG_RPC_CAT(sg_rpc_register_, __LINE__)(                        \
      #NS "::" #NAME #PARAMS, ::sg::grading::rpc::Signature<RET PARAMS>::handler(&NS::NAME));
#else
#define SG_EXERCISE(NS, RET, NAME, PARAMS, ARGS) \
  RET NS::NAME PARAMS { return ::sg::grading::rpc::Signature<RET PARAMS>::call(#NS "::" #NAME #PARAMS, SG_RPC_UNPAREN ARGS); }
#define SG_RPC_UNPAREN(...) __VA_ARGS__
#endif

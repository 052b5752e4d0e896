#include "service/http_api.h"

#include <fmt/format.h>
#include <httplib.h>
#include <openssl/evp.h>

#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/errors.h"
#include "service/metrics_exposition.h"

namespace fleetcast::service {
namespace {

constexpr const char* kJson = "application/json";
constexpr const char* kPrometheusText = "text/plain; version=0.0.4; charset=utf-8";
// GET requests carry no body; headers and the URI are bounded by cpp-httplib (8 KiB each).
constexpr std::size_t kMaxPayloadBytes = 1024;
constexpr time_t kReadTimeoutSeconds = 5;
constexpr time_t kWriteTimeoutSeconds = 5;
constexpr time_t kKeepAliveSeconds = 5;
constexpr std::size_t kKeepAliveMaxRequests = 10'000;
// A thread per connection up to this many: a keep-alive connection holds its thread between requests,
// so fewer threads than clients would queue whole connections behind each other.
constexpr std::size_t kServerThreads = 128;

void reply_json_error(httplib::Response& response, int status, const std::string& message,
                      const std::map<std::string, PoolSnapshot>* pools = nullptr) {
  nlohmann::ordered_json body{{"error", message}};
  if (pools) {
    body["pools"] = nlohmann::ordered_json::array();
    for (const auto& [name, pool] : *pools) body["pools"].push_back(name);
  }
  response.status = status;
  response.set_content(body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace), kJson);
}

// Answers `body` as JSON, or 503 with `why_missing` while it is empty.
void reply_document(httplib::Response& response, const ServiceSnapshot& snapshot, const std::string& body,
                    const std::string& why_missing) {
  if (!body.empty()) {
    response.set_content(body, kJson);
  } else if (!snapshot.ready) {
    reply_json_error(response, 503, "not ready: the first ingest and refresh have not finished");
  } else {
    reply_json_error(response, 503, why_missing);
  }
}

// The pool a request names, or nullptr after answering 404 (or 503 before the first refresh).
const PoolSnapshot* find_pool(httplib::Response& response, const ServiceSnapshot& snapshot, const std::string& name) {
  const auto found = snapshot.pools.find(name);
  if (found != snapshot.pools.end()) return &found->second;
  if (!snapshot.ready) {
    reply_json_error(response, 503, "not ready: the first ingest and refresh have not finished");
  } else {
    reply_json_error(response, 404, fmt::format("unknown pool '{}'", name), &snapshot.pools);
  }
  return nullptr;
}

void reply_pool_document(httplib::Response& response, const PoolSnapshot& pool, const std::string PoolSnapshot::*document) {
  if (!pool.error.empty()) return reply_json_error(response, 503, fmt::format("pool '{}': {}", pool.name, pool.error));
  response.set_content(pool.*document, kJson);
}

}  // namespace

namespace {

// Every byte of the token is compared whatever the given text, so the time says nothing about how much matched.
bool same_secret(std::string_view given, const std::string& token) {
  unsigned difference = given.size() == token.size() ? 0 : 1;
  for (std::size_t i = 0; i < token.size(); ++i) {
    const char offered = i < given.size() ? given[i] : '\0';
    difference |= static_cast<unsigned char>(offered ^ token[i]);
  }
  return difference == 0;
}

}  // namespace

bool bearer_matches(const std::string& header, const std::string& token) {
  static constexpr std::string_view kScheme = "Bearer ";
  if (token.empty() || header.size() <= kScheme.size() || header.compare(0, kScheme.size(), kScheme) != 0) return false;
  return same_secret(std::string_view(header).substr(kScheme.size()), token);
}

bool basic_matches(const std::string& header, const std::string& token) {
  static constexpr std::string_view kScheme = "Basic ";
  if (token.empty() || header.size() <= kScheme.size() || header.compare(0, kScheme.size(), kScheme) != 0) return false;
  const std::string_view encoded = std::string_view(header).substr(kScheme.size());
  if (encoded.size() % 4 != 0 || encoded.size() > 16384) return false;
  std::string decoded(encoded.size() / 4 * 3, '\0');
  const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                                     reinterpret_cast<const unsigned char*>(encoded.data()), static_cast<int>(encoded.size()));
  if (length < 0) return false;
  // EVP_DecodeBlock counts the bytes the '=' padding stands for; they are not part of the text.
  std::size_t padding = 0;
  for (auto it = encoded.rbegin(); it != encoded.rend() && *it == '=' && padding < 2; ++it) ++padding;
  decoded.resize(static_cast<std::size_t>(length) - padding);
  const auto colon = decoded.find(':');
  if (colon == std::string::npos) return false;
  return same_secret(std::string_view(decoded).substr(colon + 1), token);
}

struct HttpApi::State {
  const SnapshotHolder& snapshots;
  HttpOptions options;
  httplib::Server server;
  std::thread listener;
  std::atomic<bool> listener_returned{false};
  int listening_socket = -1;

  // /metrics is rendered once per snapshot.
  std::mutex metrics_mutex;
  std::shared_ptr<const ServiceSnapshot> metrics_rendered_for;
  std::string metrics_text;

  State(const SnapshotHolder& holder, HttpOptions http_options) : snapshots(holder), options(std::move(http_options)) {}

  std::string metrics_of(const std::shared_ptr<const ServiceSnapshot>& snapshot) {
    std::lock_guard lock(metrics_mutex);
    if (metrics_rendered_for != snapshot) {
      metrics_text = metrics_exposition(*snapshot);
      metrics_rendered_for = snapshot;
    }
    return metrics_text;
  }

  httplib::Server::HandlerResponse screen(const httplib::Request& request, httplib::Response& response) const {
    if (request.method != "GET" && request.method != "HEAD") {
      response.set_header("Allow", "GET, HEAD");
      reply_json_error(response, 405, fmt::format("method {} not allowed: the API answers GET only", request.method));
      return httplib::Server::HandlerResponse::Handled;
    }
    if (options.token.empty() || request.path == "/healthz" || request.path == "/readyz") {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    const std::string credentials = request.get_header_value("Authorization");
    if (bearer_matches(credentials, options.token) || basic_matches(credentials, options.token)) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    // A browser cannot send a bearer token when it opens a page, but it asks for Basic credentials and then
    // sends them with the page's own requests too: the dashboard answers with a Basic challenge.
    if (request.path == "/" && options.dashboard_page) {
      response.set_header("WWW-Authenticate", "Basic realm=\"fleetcast\", charset=\"UTF-8\"");
      reply_json_error(response, 401, "the dashboard needs the token: any user name, the token as the password");
    } else {
      response.set_header("WWW-Authenticate", "Bearer realm=\"fleetcast\"");
      reply_json_error(response, 401, "missing or wrong bearer token (send 'Authorization: Bearer <token>')");
    }
    return httplib::Server::HandlerResponse::Handled;
  }

  void add_routes() {
    server.set_pre_routing_handler([this](const auto& request, auto& response) { return screen(request, response); });
    server.set_error_handler(httplib::Server::Handler([](const httplib::Request& request, httplib::Response& response) {
      if (response.body.empty()) {
        reply_json_error(response, response.status,
                         response.status == 404 ? fmt::format("no such endpoint: {}", request.path)
                                                : fmt::format("HTTP {}", response.status));
      }
    }));

    server.Get("/healthz", [](const auto&, auto& response) { response.set_content("ok\n", "text/plain"); });
    server.Get("/readyz", [this](const auto&, auto& response) {
      if (snapshots.get()->ready) {
        response.set_content("ready\n", "text/plain");
      } else {
        response.status = 503;
        response.set_content("not ready: the first ingest and refresh have not finished\n", "text/plain");
      }
    });
    server.Get("/metrics", [this](const auto&, auto& response) { response.set_content(metrics_of(snapshots.get()), kPrometheusText); });
    server.Get("/api/v1/report", [this](const auto&, auto& response) {
      const auto snapshot = snapshots.get();
      reply_document(response, *snapshot, snapshot->report_json,
                     snapshot->report_error.empty() ? "no report yet" : snapshot->report_error);
    });
    server.Get("/api/v1/pools", [this](const auto&, auto& response) {
      const auto snapshot = snapshots.get();
      reply_document(response, *snapshot, snapshot->pools_json, "no pools: serve was started without --pools");
    });
    server.Get("/api/v1/accuracy", [this](const auto&, auto& response) {
      const auto snapshot = snapshots.get();
      reply_document(response, *snapshot, snapshot->accuracy_json, "no accuracy yet: serve was started without --pools");
    });
    const auto pool_query = [this](const std::string PoolSnapshot::*document) {
      return [this, document](const httplib::Request& request, httplib::Response& response) {
        const auto snapshot = snapshots.get();
        if (!request.has_param("pool") || request.get_param_value("pool").empty()) {
          return reply_json_error(response, 400, "missing ?pool=NAME", &snapshot->pools);
        }
        if (const PoolSnapshot* pool = find_pool(response, *snapshot, request.get_param_value("pool"))) {
          reply_pool_document(response, *pool, document);
        }
      };
    };
    server.Get("/api/v1/forecast", pool_query(&PoolSnapshot::forecast_json));
    server.Get("/api/v1/plan", pool_query(&PoolSnapshot::plan_json));
    server.Get(R"(/api/v1/keda/([^/]+))", [this](const httplib::Request& request, httplib::Response& response) {
      const auto snapshot = snapshots.get();
      if (const PoolSnapshot* pool = find_pool(response, *snapshot, request.matches[1].str())) {
        reply_pool_document(response, *pool, &PoolSnapshot::keda_json);
      }
    });
    if (options.dashboard_page) {
      server.Get("/", [this](const auto&, auto& response) {
        const std::string_view page = options.dashboard_page();
        // The page's own policy (a meta element) keeps it to this server; only a header can forbid framing.
        response.set_header("Content-Security-Policy", "frame-ancestors 'none'");
        response.set_content(page.data(), page.size(), "text/html; charset=utf-8");
      });
    }
  }
};

HttpApi::HttpApi(const SnapshotHolder& snapshots, HttpOptions options)
    : state_(std::make_unique<State>(snapshots, std::move(options))) {
  auto& server = state_->server;
  server.new_task_queue = [] { return new httplib::ThreadPool(kServerThreads); };
  server.set_payload_max_length(kMaxPayloadBytes);
  server.set_read_timeout(kReadTimeoutSeconds, 0);
  server.set_write_timeout(kWriteTimeoutSeconds, 0);
  server.set_keep_alive_timeout(kKeepAliveSeconds);
  // cpp-httplib's default also sets SO_REUSEPORT, which lets a second server bind a port in use and
  // silently share its connections; SO_REUSEADDR alone still allows a quick restart.
  server.set_socket_options([state = state_.get()](socket_t socket) {
    const int yes = 1;
    ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    state->listening_socket = socket;
  });
  // Each reconnection costs a handshake and a place in the accept backlog; keep clients connected longer.
  server.set_keep_alive_max_count(kKeepAliveMaxRequests);
  // Headers and body go out in separate writes: with Nagle's algorithm the body waits for the client's
  // delayed ACK, 40 ms on Linux, on every keep-alive request.
  server.set_tcp_nodelay(true);
  server.set_default_headers({{"X-Content-Type-Options", "nosniff"}, {"Cache-Control", "no-store"}});
  state_->add_routes();
}

HttpApi::~HttpApi() { stop(); }

int HttpApi::start() {
  const auto& listen = state_->options.listen;
  int port = listen.port;
  const bool bound = port == 0 ? (port = state_->server.bind_to_any_port(listen.host)) > 0
                               : state_->server.bind_to_port(listen.host, port);
  if (!bound) {
    throw RuntimeFailure(fmt::format("cannot listen on {}:{}: the port is in use or the address is not on this host",
                                     listen.host, listen.port));
  }
  // Debian's cpp-httplib listens with a backlog of 5 (compiled in): a burst of clients connecting at
  // once overflows it and waits out a SYN retransmit (1 s). Listening again raises the backlog (Linux).
  if (state_->listening_socket >= 0) ::listen(state_->listening_socket, SOMAXCONN);
  state_->listener = std::thread([this] {
    state_->server.listen_after_bind();
    state_->listener_returned = true;
  });
  // stop() before the server runs would not reach it: wait until it does (or gave up at once).
  while (!state_->server.is_running() && !state_->listener_returned) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return port;
}

void HttpApi::stop() {
  if (!state_->listener.joinable()) return;
  state_->server.stop();
  state_->listener.join();
}

}  // namespace fleetcast::service

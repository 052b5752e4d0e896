#include <fmt/core.h>

#include <filesystem>

#include "common/errors.h"
#include "sources/input_files.h"
#include "sources/prometheus/query_range.h"

namespace fleetcast::sources::prometheus {
namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// The secret in `path`, trimmed; the message names the flag and the file, never the content.
std::string read_secret(const std::string& flag, const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) throw InputError(fmt::format("{} {}: no such file", flag, path));
  std::string secret;
  try {
    secret = trimmed(read_whole_file(path));
  } catch (const std::exception& failure) {
    throw InputError(fmt::format("{} {}: cannot read it ({})", flag, path, failure.what()));
  }
  if (secret.empty()) throw InputError(fmt::format("{} {}: the file is empty", flag, path));
  return secret;
}

}  // namespace

Credentials read_credentials(const std::string& bearer_token_file, const std::string& basic_user,
                             const std::string& basic_password_file) {
  if (basic_user.empty() != basic_password_file.empty()) {
    throw InputError("--basic-auth-user and --basic-auth-password-file go together: give both or neither");
  }
  if (!bearer_token_file.empty() && !basic_user.empty()) {
    throw InputError("--bearer-token-file and --basic-auth-user exclude each other: a request carries one Authorization");
  }
  Credentials credentials;
  if (!bearer_token_file.empty()) credentials.bearer_token = read_secret("--bearer-token-file", bearer_token_file);
  if (!basic_user.empty()) {
    credentials.basic_user = basic_user;
    credentials.basic_password = read_secret("--basic-auth-password-file", basic_password_file);
  }
  return credentials;
}

}  // namespace fleetcast::sources::prometheus

#include "web/client.hpp"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <strings.h>

#include <memory>
#include <stdexcept>

#include "web/app.hpp"
#include "web/server.hpp"

namespace web {

namespace {

std::string form_text(const Form& form) {
  std::string text;
  for (const auto& [name, value] : form) {
    if (!text.empty()) text += '&';
    text.append(url_encode(name)).append("=").append(url_encode(value));
  }
  return text;
}

// A form with files as multipart/form-data (RFC 7578), with a boundary that none of the parts
// holds.
std::pair<std::string, std::string> multipart(const Form& form, const Files& files) {
  auto holds = [&](const std::string& boundary) {
    for (const auto& [name, value] : form) {
      if (value.find(boundary) != std::string::npos) return true;
    }
    for (const auto& [name, file] : files) {
      if (file.bytes.find(boundary) != std::string::npos) return true;
    }
    return false;
  };
  std::string boundary = "web-client-boundary";
  for (int n = 0; holds(boundary); ++n) boundary = "web-client-boundary-" + std::to_string(n);
  auto quoted = [](const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  };
  std::string body;
  for (const auto& [name, value] : form) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=" + quoted(name) +
            "\r\n\r\n" + value + "\r\n";
  }
  for (const auto& [name, file] : files) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=" + quoted(name) +
            "; filename=" + quoted(file.filename) + "\r\nContent-Type: " +
            (file.content_type.empty() ? "application/octet-stream" : file.content_type) +
            "\r\n\r\n" + file.bytes + "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  return {body, "multipart/form-data; boundary=" + boundary};
}

// The body and its Content-Type, as both modes send them.
std::pair<std::string, std::string> encode(const Body& body) {
  if (body.json_body) return {body.json_body->dump(), "application/json"};
  if (!body.files.empty()) return multipart(body.form.value_or(Form{}), body.files);
  if (body.form) return {form_text(*body.form), "application/x-www-form-urlencoded"};
  if (body.raw) return {*body.raw, ""};
  return {};
}

std::size_t collect(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

std::size_t collect_header(char* data, std::size_t size, std::size_t count, void* out) {
  std::string_view line(data, size * count);
  std::size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.remove_suffix(1);
    static_cast<Headers*>(out)->emplace_back(std::string(line.substr(0, colon)),
                                             std::string(value));
  }
  return size * count;
}

// One curl handle per thread, reused so that connections are kept alive as by a browser.
CURL* thread_handle() {
  static thread_local std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> handle(
      curl_easy_init(), &curl_easy_cleanup);
  curl_easy_reset(handle.get());
  return handle.get();
}

}  // namespace

std::optional<std::string> Result::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
      return value;
    }
  }
  return std::nullopt;
}

json Result::body() const {
  return text.empty() ? json(nullptr) : json::parse(text);
}

std::ostream& operator<<(std::ostream& os, const Result& r) {
  return os << r.method << " " << r.target << " -> " << r.status << " " << r.text;
}

Client::Client(const App& app) : app_(&app) {}
Client::Client(std::string base_url) : base_url_(std::move(base_url)) {}

Client Client::serve(const App& app) {
  auto server = std::make_shared<Server>(app, Server::Options{});
  Client client(server->url());
  client.server_ = std::move(server);
  return client;
}

Body basic_auth(const std::string& user, const std::string& password, Body body) {
  std::string pair = user + ":" + password;
  std::string encoded(4 * ((pair.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                          reinterpret_cast<const unsigned char*>(pair.data()),
                          static_cast<int>(pair.size()));
  encoded.resize(static_cast<std::size_t>(n));
  body.headers.emplace_back("Authorization", "Basic " + encoded);
  return body;
}

Body bearer_auth(const std::string& token, Body body) {
  body.headers.emplace_back("Authorization", "Bearer " + token);
  return body;
}

Body with_header(const std::string& name, const std::string& value, Body body) {
  body.headers.emplace_back(name, value);
  return body;
}

Body with_cookie(const std::string& name, const std::string& value, Body body) {
  body.headers.emplace_back("Cookie", name + "=" + value);
  return body;
}

Result Client::request(const std::string& method, const std::string& target, const Body& body) {
  auto [payload, content_type] = encode(body);
  Headers headers = body.headers;
  if (!content_type.empty()) headers.emplace_back("Content-Type", content_type);
  Result result{method, target, 0, {}, {}};

  if (!over_http()) {
    Request request(method, target, headers, payload);
    Response response = app_->handle(request);
    result.status = response.status();
    if (method != "HEAD") result.text = response.body();  // as a server sends it
    result.headers = response.headers();
    if (!response.content_type().empty()) {
      result.headers.emplace_back("Content-Type", response.content_type());
    }
    return result;
  }

  CURL* curl = thread_handle();
  std::string url = base_url_ + target;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  if (!payload.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(payload.size()));
  }
  curl_slist* list = curl_slist_append(nullptr, "Expect:");  // no 100-continue round trip
  for (const auto& [name, value] : headers) {
    list = curl_slist_append(list, (name + ": " + value).c_str());
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.text);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result.headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
  CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(list);
  if (code != CURLE_OK) {
    throw std::runtime_error(method + " " + url + ": " + curl_easy_strerror(code));
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  result.status = static_cast<int>(status);
  return result;
}

}  // namespace web

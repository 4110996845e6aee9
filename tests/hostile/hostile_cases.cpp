#include "hostile_cases.hpp"

#include <web/json.hpp>
#include <web/url.hpp>

#include <cstdio>
#include <map>

using namespace std::chrono_literals;
using Texts = std::vector<std::string>;

namespace {

const std::string host = "Host: 127.0.0.1\r\n";
const std::string form_type = "Content-Type: application/x-www-form-urlencoded\r\n";
const std::string json_type = "Content-Type: application/json\r\n";

std::string length(const std::string& body) {
  return "Content-Length: " + std::to_string(body.size()) + "\r\n";
}

std::string hex(std::size_t n) {
  char text[20];
  std::snprintf(text, sizeof text, "%zx", n);
  return text;
}

std::string chunked(const std::string& body, std::size_t chunk) {
  std::string out;
  for (std::size_t i = 0; i < body.size(); i += chunk) {
    std::string piece = body.substr(i, chunk);
    out += hex(piece.size()) + "\r\n" + piece + "\r\n";
  }
  return out + "0\r\n\r\n";
}

Case one(std::string name, std::string bytes, int answers_before_fin = 0) {
  Case c;
  c.name = std::move(name);
  c.pieces = {std::move(bytes)};
  c.answers_before_fin = answers_before_fin;
  return c;
}

// A route of the labs, with its parameters and where they go.
struct Route {
  std::string method;
  std::string path;  // "/stuff/{sid}": path parameters in braces
  std::vector<std::string> body;
  std::vector<std::string> query;
  bool auth = false;  // lab 06 wants a token
};

const std::map<std::string, std::string> defaults = {
    {"sid", "1"},      {"oid", "1"},        {"tid", "1"},         {"uid", "1"},
    {"stuff", "Lamp"}, {"login", "newbie"}, {"password", "p4ss"}, {"isAdmin", "false"},
    {"oname", "Zoe"},  {"omail", "z@x.fr"}, {"tname", "Cup"},     {"tprice", "1.5"},
    {"filter", "%"},   {"max_price", "10"}, {"pword", "p4ss"}};

std::vector<Route> routes(const std::string& lab) {
  bool aaa = lab == "06-aaa";
  std::vector<Route> list = {
      {"GET", "/stuff", {}, {"filter"}},
      {"GET", "/stuff/{sid}", {}, {}},
      {"POST", "/stuff", {"stuff"}, {}, aaa},
      {"PUT", "/stuff/{sid}", {"stuff"}, {}, aaa},
      {"PATCH", "/stuff/{sid}", {"stuff"}, {}, aaa},
      {"DELETE", "/stuff/{sid}", {}, {}, aaa},
      {"POST", "/users-mgt", {"login", "password", "isAdmin"}, {}, aaa},
      {"GET", "/owners/{oid}", {}, {}},
      {"GET", "/owners/{oid}/things", {}, {}},
      {"POST", "/owners", {"oname", "omail"}, {}, aaa},
      {"DELETE", "/owners/{oid}", {}, {}, aaa},
      {"GET", "/things", {}, {"max_price"}},
      {"GET", "/things/{tid}", {}, {}},
      {"POST", "/things", {"tname", "oid", "tprice"}, {}, aaa},
      {"PATCH", "/things/{tid}", {"tname", "tprice"}, {}, aaa},
      {"DELETE", "/things/{tid}", {}, {}, aaa},
  };
  if (aaa) {
    list.push_back({"POST", "/register", {"login", "pword"}, {}});
    list.push_back({"GET", "/owned/{uid}", {}, {}, true});
    list.push_back({"GET", "/object/{oid}", {}, {}, true});
  }
  return list;
}

// SQL injection and other nasty values, for every parameter of every route.
const std::vector<std::string> payloads = {
    "' OR '1'='1",
    "1; DROP TABLE Stuff; --",
    "'; DELETE FROM Thing; --",
    "1' UNION SELECT login, pword FROM Utilisateur --",
    "%' --",
    "\\",
    "''",
    "$1",
    ":sid",
    "'||pg_sleep(3)||'",
    std::string("a\0b", 3),
    "\r\nX-Injected: yes",
    "99999999999999999999999",
    std::string(5000, 'A'),
};

struct Request {
  std::string method, target, headers, body;
  std::string bytes() const {
    return method + " " + target + " HTTP/1.1\r\n" + host + headers + "\r\n" + body;
  }
};

// The route called with `value` for `param` (the others at their defaults), its body as a form
// or as JSON.
Request call(const Route& route, const std::string& param, const std::string& value, bool as_json,
             const std::string& token) {
  auto value_of = [&](const std::string& name) {
    return name == param ? value : defaults.at(name);
  };
  Request r;
  r.method = route.method;
  std::string path = route.path;
  for (std::size_t open; (open = path.find('{')) != std::string::npos;) {
    std::size_t close = path.find('}', open);
    path.replace(open, close - open + 1,
                 web::url_encode(value_of(path.substr(open + 1, close - open - 1))));
  }
  std::string query;
  for (const auto& name : route.query)
    query += (query.empty() ? "?" : "&") + name + "=" + web::url_encode(value_of(name));
  r.target = path + query;
  if (!route.body.empty()) {
    if (as_json) {
      web::json object = web::json::object();
      for (const auto& name : route.body) object[name] = value_of(name);
      r.body = object.dump(-1, ' ', false, web::json::error_handler_t::replace);
      r.headers += json_type;
    } else {
      for (const auto& name : route.body)
        r.body += (r.body.empty() ? "" : "&") + name + "=" + web::url_encode(value_of(name));
      r.headers += form_type;
    }
    r.headers += length(r.body);
  }
  if (route.auth) r.headers += "Authorization: Bearer " + token + "\r\n";
  return r;
}

std::vector<std::string> params_of(const Route& route) {
  std::vector<std::string> out;
  for (std::size_t open = 0; (open = route.path.find('{', open)) != std::string::npos; ++open)
    out.push_back(route.path.substr(open + 1, route.path.find('}', open) - open - 1));
  out.insert(out.end(), route.body.begin(), route.body.end());
  out.insert(out.end(), route.query.begin(), route.query.end());
  return out;
}

Category request_lines() {
  Category c{"request line", {}};
  for (const std::string& line : Texts{"GET /stuff\r\n",
                                       "GET /stuff HTTP/0.9\r\n",
                                       "GET /stuff HTTP/2.0\r\n",
                                       "GET /stuff HTTP/1.2\r\n",
                                       "GET /stuff HTTP/1\r\n",
                                       "GET /stuff HTTP/\r\n",
                                       "GET /stuff http/1.1\r\n",
                                       "GET  /stuff HTTP/1.1\r\n",
                                       "GET /stuff  HTTP/1.1\r\n",
                                       "GET\t/stuff HTTP/1.1\r\n",
                                       " GET /stuff HTTP/1.1\r\n",
                                       "GET /stu ff HTTP/1.1\r\n",
                                       "GET stuff HTTP/1.1\r\n",
                                       "GET * HTTP/1.1\r\n",
                                       "GET HTTP/1.1\r\n",
                                       "/stuff HTTP/1.1\r\n",
                                       "GET /stuff HTTP/1.1 extra\r\n",
                                       "GET /st\x01uff HTTP/1.1\r\n",
                                       "GET /st\x7fuff HTTP/1.1\r\n",
                                       "GET /stuff\x00 HTTP/1.1\r\n",
                                       "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
                                       "PRI * HTTP/2.0\r\n\r\nSM\r\n",
                                       "GET /stuff HTTP/1.1\rX\r\n",
                                       "\r\n\r\n\r\n",
                                       "GET /%zz HTTP/1.1\r\n",
                                       "GET /% HTTP/1.1\r\n",
                                       "GET /stuff/%00 HTTP/1.1\r\n",
                                       "GET /stuff/..%2f..%2fetc%2fpasswd HTTP/1.1\r\n",
                                       "GET /../../etc/passwd HTTP/1.1\r\n",
                                       "GET //stuff HTTP/1.1\r\n",
                                       "GET /stuff#frag HTTP/1.1\r\n",
                                       "GET http://127.0.0.1/stuff HTTP/1.1\r\n",
                                       "GET https://evil.example/stuff?x=1 HTTP/1.1\r\n",
                                       "GET http://a HTTP/1.1\r\n",
                                       "GET /stuff?\x01 HTTP/1.1\r\n",
                                       "GET /stuff?a=%ZZ HTTP/1.1\r\n",
                                       "GET /stuff?filter=%E9 HTTP/1.1\r\n",
                                       "GET /stuff?&&&=&= HTTP/1.1\r\n",
                                       "GET /\xc3\xa9t\xc3\xa9 HTTP/1.1\r\n",
                                       "GET /\xff\xfe HTTP/1.1\r\n"}) {
    std::string bytes = line.find("\r\n\r\n") == std::string::npos ? line + host + "\r\n" : line;
    c.cases.push_back(one("line: " + line.substr(0, 30), bytes));
    if (line == "\r\n\r\n\r\n") c.cases.back().requests = 0;  // empty lines: nothing to answer
  }
  // Without headers nor the empty line: malformed lines are refused at once, not after 60 s.
  for (const std::string& line : Texts{"GET /stuff\r\n", "GET /stuff HTTP/2.0\r\n\r\n",
                                       "get /stuff HTTP/1.1\r\n", "GET /st\x01uff HTTP/1.1\r\n"}) {
    c.cases.push_back(one("at once: " + line.substr(0, 20), line, 1));
  }
  c.cases.push_back(
      one("path of 70 KB", "GET /" + std::string(70000, 'a') + " HTTP/1.1\r\n" + host + "\r\n"));
  c.cases.push_back(one("query of 1 MiB", "GET /stuff?filter=" + std::string(1 << 20, 'a') +
                                              " HTTP/1.1\r\n" + host + "\r\n"));
  c.cases.push_back(one("a bare word", "GET"));
  for (int i = 0; i < 40; ++i) {  // random bytes
    std::string bytes;
    unsigned state = 1234u + static_cast<unsigned>(i);
    for (int k = 0; k < 64 + i * 17; ++k) {
      state = state * 1103515245u + 12345u;
      bytes += static_cast<char>(state >> 16);
    }
    c.cases.push_back(one("random bytes " + std::to_string(i), bytes));
  }
  return c;
}

Category methods(const std::string& lab) {
  Category c{"methods", {}};
  for (const std::string& method :
       Texts{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT",
             "PROPFIND", "MKCOL", "LOCK", "PURGE", "LINK", "SEARCH", "FOO", "G\x01T", "GETT",
             std::string(300, 'G')}) {
    for (const auto& route : routes(lab)) {
      if (method == route.method && method != "GET") continue;  // real calls come later
      std::string path = route.path;
      for (std::size_t o; (o = path.find('{')) != std::string::npos;)
        path.replace(o, path.find('}') - o + 1, "x");
      c.cases.push_back(one(method.substr(0, 10) + " " + path,
                            method + " " + path + " HTTP/1.1\r\n" + host + "\r\n"));
      c.cases.back().head = method == "HEAD";
    }
  }
  return c;
}

Category headers() {
  Category c{"headers", {}};
  auto get = [](const std::string& extra) {
    return "GET /stuff HTTP/1.1\r\n" + host + extra + "\r\n";
  };
  for (const std::string& h : Texts{"NoColon\r\n",
                                    "Space Name: v\r\n",
                                    "Name : v\r\n",
                                    ": no name\r\n",
                                    "X: a\r\n b\r\n",
                                    "X: a\r\n\tb\r\n",
                                    "X: a\x01b\r\n",
                                    "X: a\x7f\r\n",
                                    "X:\r\n",
                                    "X: \xff\xfe\r\n",
                                    "X: \xc3\xa9\r\n",
                                    "Host: a\r\nHost: b\r\n",
                                    "Content-Type: \r\n",
                                    "Connection: keep-alive, close\r\n",
                                    "Connection: upgrade\r\nUpgrade: websocket\r\n",
                                    "Expect: 100-continue\r\n",
                                    "Expect: 200-ok\r\n",
                                    "Transfer-Encoding: identity\r\n",
                                    "X\r\n",
                                    "X:" + std::string(70000, 'v') + "\r\n",
                                    "Accept: */*\r\nAccept: */*\r\n",
                                    "Authorization: Basic\r\n",
                                    "Authorization: Basic !!!\r\n",
                                    "Authorization: Bearer\r\n",
                                    "Authorization: Bearer a:b:c:d:e\r\n",
                                    "Authorization: Bearer " + std::string(10000, 'x') + "\r\n",
                                    "Authorization: " + std::string(60000, 'x') + "\r\n",
                                    "Cookie: " + std::string(60000, ';') + "\r\n",
                                    "Content-Length: 0\r\n",
                                    "X-Forwarded-For: \r\n\r\n"}) {
    c.cases.push_back(one("header: " + h.substr(0, 30), get(h)));
  }
  std::string many;
  for (int i = 0; i < 65536; ++i) many += "X-" + std::to_string(i) + ": a\r\n";
  c.cases.push_back(one("65,536 headers", get(many)));
  std::string few;
  for (int i = 0; i < 1000; ++i) few += "X-" + std::to_string(i) + ": a\r\n";
  c.cases.push_back(one("1,000 headers", get(few)));
  for (const std::string& fold :
       Texts{"X: a\r\n b\r\n", "NoColon\r\n", "X: a\r\n\tb\r\n"}) {  // refused at once
    c.cases.push_back(
        one("at once: " + fold.substr(0, 10), "GET /stuff HTTP/1.1\r\n" + host + fold, 1));
  }
  return c;
}

Category crlf_injection(const std::string& lab, const std::string& token) {
  Category c{"CRLF injection", {}};
  for (const std::string& value :
       Texts{"a\r\nX-Injected: yes", "a%0d%0aX-Injected: yes", "a\nX-Injected: yes",
             "a\rX-Injected: yes", "\r\n\r\nHTTP/1.1 200 OK\r\n"}) {
    for (const auto& route : routes(lab)) {
      if (route.method != "POST" || route.body.empty()) continue;
      Request r = call(route, route.body.front(), value, false, token);
      c.cases.push_back(one("form " + route.path + " " + value.substr(0, 10), r.bytes()));
      r = call(route, route.body.front(), value, true, token);
      c.cases.push_back(one("json " + route.path + " " + value.substr(0, 10), r.bytes()));
    }
    c.cases.push_back(one("raw path " + value.substr(0, 10),
                          "GET /stuff/" + value + " HTTP/1.1\r\n" + host + "\r\n"));
    c.cases.push_back(one("raw query " + value.substr(0, 10),
                          "GET /stuff?filter=" + value + " HTTP/1.1\r\n" + host + "\r\n"));
  }
  return c;
}

Category content_lengths(const std::string& lab, const std::string& token) {
  Category c{"Content-Length", {}};
  std::string auth = lab == "06-aaa" ? "Authorization: Bearer " + token + "\r\n" : "";
  std::string head = "POST /stuff HTTP/1.1\r\n" + host + form_type + auth;
  std::string body = "stuff=CL";
  for (const std::string& cl :
       Texts{"-1", "+8", " 8", "8 ", "0x8", "8.0", "1e1", "abc", "", "99999999999999999999999",
             "18446744073709551616", "16777216", "1048577", "0", "4", "100", "8, 8", "8,9"}) {
    c.cases.push_back(
        one("Content-Length: " + cl, head + "Content-Length: " + cl + "\r\n\r\n" + body));
  }
  c.cases.push_back(
      one("two equal lengths", head + "Content-Length: 8\r\nContent-Length: 8\r\n\r\n" + body));
  c.cases.push_back(
      one("two lengths", head + "Content-Length: 8\r\nContent-Length: 3\r\n\r\n" + body));
  c.cases.push_back(
      one("length and chunked",
          head + "Content-Length: 8\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(body, 3)));
  c.cases.push_back(
      one("chunked and length",
          head + "Transfer-Encoding: chunked\r\nContent-Length: 8\r\n\r\n" + chunked(body, 3)));
  c.cases.push_back(
      one("16 MiB announced", head + "Content-Length: 16777216\r\n\r\n" + std::string(4096, 'x')));
  c.cases.push_back(
      one("2 MiB sent", head + "Content-Length: 2097152\r\n\r\n" + std::string(2097152, 'x')));
  c.cases.push_back(
      one("length over the body, then FIN", head + "Content-Length: 50\r\n\r\n" + body));
  Case smuggled = one("length under the body: the rest is a request",
                      head + "Content-Length: 8\r\n\r\n" + body + "GARBAGE /x\r\n\r\n");
  smuggled.requests = 2;
  c.cases.push_back(smuggled);
  c.cases.push_back(one("GET with a body", "GET /stuff HTTP/1.1\r\n" + host + form_type +
                                               length(body) + "\r\n" + body));
  return c;
}

Category chunked_bodies(const std::string& lab, const std::string& token) {
  Category c{"chunked", {}};
  std::string auth = lab == "06-aaa" ? "Authorization: Bearer " + token + "\r\n" : "";
  std::string head =
      "POST /stuff HTTP/1.1\r\n" + host + form_type + auth + "Transfer-Encoding: chunked\r\n\r\n";
  // The same body cut at every point, two writes apart: a new name each time (201), or 409.
  std::string body = "6\r\nstuff=\r\n3\r\nabc\r\n0\r\n\r\n";
  for (std::size_t cut = 1; cut < body.size(); ++cut) {
    Case k;
    k.name = "cut at " + std::to_string(cut);
    k.pieces = {head + body.substr(0, cut), body.substr(cut)};
    k.gap = 20ms;
    c.cases.push_back(k);
  }
  std::string whole = head + chunked("stuff=split-" + lab, 4);
  for (std::size_t cut = 1; cut < whole.size(); cut += 7) {
    Case k;
    k.name = "whole request cut at " + std::to_string(cut);
    k.pieces = {whole.substr(0, cut), whole.substr(cut)};
    k.gap = 10ms;
    c.cases.push_back(k);
  }
  Case bytes;
  bytes.name = "one byte per write";
  for (char ch : head + chunked("stuff=bytewise", 3)) bytes.pieces.emplace_back(1, ch);
  bytes.gap = 1ms;
  c.cases.push_back(bytes);
  std::string big = "stuff=" + std::string(290 * 9 - 6, 'n');
  c.cases.push_back(one("290 chunks of 9 bytes", head + chunked(big, 9)));
  // To a route that then refuses it (no such owner): a stored row that large slows snapshots.
  std::string things =
      "POST /things HTTP/1.1\r\n" + host + form_type + auth + "Transfer-Encoding: chunked\r\n\r\n";
  c.cases.push_back(
      one("256 KiB in 1-byte chunks",
          things + chunked("oid=999999&tprice=1&tname=" + std::string(1 << 18, 'o'), 1)));
  c.cases.push_back(
      one("over the limit", head + chunked("stuff=" + std::string(1100000, 'p'), 65536)));
  for (const std::string& bad :
       Texts{"g\r\nabc\r\n0\r\n\r\n", "-1\r\nabc\r\n0\r\n\r\n", "ffffffffffffffffff\r\nabc\r\n",
             "3\r\nabcdef\r\n0\r\n\r\n", "3\r\nab\r\n0\r\n\r\n", "3\nabc\n0\n\n",
             "3 \r\nabc\r\n0\r\n\r\n", "3;ext=1\r\nabc\r\n0\r\n\r\n",
             "3;" + std::string(70000, 'e') + "\r\nabc\r\n0\r\n\r\n", "0\r\nTrailer: x\r\n\r\n",
             "0\r\n" + std::string(70000, 't') + "\r\n\r\n", "\r\n", "0x3\r\nabc\r\n0\r\n\r\n",
             "3\r\nabc\r\n", "00000000000000000003\r\nabc\r\n0\r\n\r\n"}) {
    c.cases.push_back(one("bad chunks: " + bad.substr(0, 12), head + bad));
  }
  std::string base = "POST /stuff HTTP/1.1\r\n" + host + form_type + auth;
  for (const std::string& te :
       Texts{"Chunked", "CHUNKED", "chunked, chunked", "gzip, chunked", "gzip", "identity",
             "chunked, gzip", " chunked", "chunked\x01", "x-chunked"}) {
    c.cases.push_back(one("Transfer-Encoding: " + te,
                          base + "Transfer-Encoding: " + te + "\r\n\r\n" + chunked("stuff=te", 3)));
  }
  c.cases.push_back(
      one("Transfer-Encoding folded",
          base + "Transfer-Encoding: gzip\r\n chunked\r\n\r\n" + chunked("stuff=f", 3)));
  c.cases.push_back(one("Transfer-Encoding twice",
                        base + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n" +
                            chunked("stuff=t2", 3)));
  return c;
}

Category encodings(const std::string& lab, const std::string& token) {
  Category c{"encodings", {}};
  std::string auth = lab == "06-aaa" ? "Authorization: Bearer " + token + "\r\n" : "";
  std::string head = "POST /stuff HTTP/1.1\r\n" + host + auth;
  for (const std::string& ce : Texts{"gzip", "deflate", "br", "identity", "gzip, gzip", "x"}) {
    std::string body = "stuff=enc";
    c.cases.push_back(one("Content-Encoding: " + ce, head + form_type + "Content-Encoding: " + ce +
                                                         "\r\n" + length(body) + "\r\n" + body));
  }
  for (const std::string& body :
       Texts{"stuff=%zz", "stuff=%", "stuff=%0", "stuff=%C3%28", "stuff=%ED%A0%80", "stuff=%C0%AF",
             "stuff=\xff\xfe", "stuff=%FF%FE%00", "=&=&&", "stuff", "stuff=a&stuff=b", "%73tuff=x",
             "stuff=+%2B+", std::string("stuff=a\0b", 9)}) {
    c.cases.push_back(
        one("form " + body.substr(0, 14), head + form_type + length(body) + "\r\n" + body));
  }
  for (const std::string& body :
       Texts{"{\"stuff\": \"\xc3\x28\"}", "{\"stuff\": \"\xff\"}", "{\"stuff\": \"\\ud800\"}",
             "{\"stuff\": \"\\u0000\"}", "\xef\xbb\xbf{\"stuff\": \"bom\"}", "{\"stuff\": \"a\\\"}",
             "\xff\xfe{\x00\"\x00s\x00", "{\"stuff\": 'single'}"}) {
    c.cases.push_back(
        one("json " + body.substr(0, 14), head + json_type + length(body) + "\r\n" + body));
  }
  for (const std::string& type :
       Texts{"application/json; charset=latin1", "APPLICATION/JSON", "application/json;",
             "application/jsonx", "text/plain", "multipart/form-data; boundary=x",
             "application/x-www-form-urlencoded; charset=utf-16", "", "*/*",
             "application/json, application/json", "a/b/c"}) {
    std::string body = "{\"stuff\": \"ct\"}";
    c.cases.push_back(one("type " + type.substr(0, 20),
                          head + "Content-Type: " + type + "\r\n" + length(body) + "\r\n" + body));
  }
  std::string form_as_json = "stuff=formjson";
  c.cases.push_back(
      one("form sent as JSON", head + json_type + length(form_as_json) + "\r\n" + form_as_json));
  std::string json_as_form = "{\"stuff\": \"jsonform\"}";
  c.cases.push_back(
      one("JSON sent as a form", head + form_type + length(json_as_form) + "\r\n" + json_as_form));
  c.cases.push_back(one("no type", head + length(json_as_form) + "\r\n" + json_as_form));
  std::string multipart =
      "--x\r\nContent-Disposition: form-data; name=\"stuff\"\r\n\r\nmp\r\n--x--\r\n";
  c.cases.push_back(one("multipart", head + "Content-Type: multipart/form-data; boundary=x\r\n" +
                                         length(multipart) + "\r\n" + multipart));
  return c;
}

Category json_values(const std::string& lab, const std::string& token) {
  Category c{"JSON depth and numbers", {}};
  std::string auth = lab == "06-aaa" ? "Authorization: Bearer " + token + "\r\n" : "";
  auto post = [&](const std::string& path, const std::string& body) {
    return "POST " + path + " HTTP/1.1\r\n" + host + auth + json_type + length(body) + "\r\n" +
           body;
  };
  for (int depth : {10, 100, 255, 256, 257, 1000, 10000, 80000, 120000}) {
    std::string arrays = std::string(static_cast<std::size_t>(depth), '[') +
                         std::string(static_cast<std::size_t>(depth), ']');
    std::string objects;
    for (int i = 0; i < depth; ++i) objects += "{\"a\":";
    objects += "1" + std::string(static_cast<std::size_t>(depth), '}');
    c.cases.push_back(one("arrays " + std::to_string(depth), post("/stuff", arrays)));
    c.cases.push_back(one("stuff arrays " + std::to_string(depth),
                          post("/stuff", "{\"stuff\": " + arrays + "}")));
    c.cases.push_back(one("objects " + std::to_string(depth), post("/stuff", objects)));
    c.cases.push_back(
        one("admin arrays " + std::to_string(depth),
            "GET /admin HTTP/1.1\r\n" + host + json_type + length(arrays) + "\r\n" + arrays));
    c.cases.push_back(one("unclosed " + std::to_string(depth),
                          post("/stuff", std::string(static_cast<std::size_t>(depth), '['))));
  }
  for (const std::string& number : Texts{"1e400",
                                         "-1e400",
                                         "1e-400",
                                         "4.9e-324",
                                         "2.2250738585072014e-308",
                                         "1.7976931348623157e308",
                                         "99999999999999999999",
                                         "-99999999999999999999",
                                         "18446744073709551615",
                                         "9223372036854775808",
                                         "-9223372036854775809",
                                         "-0",
                                         "0.0",
                                         "01",
                                         "1.",
                                         ".5",
                                         "+1",
                                         "NaN",
                                         "Infinity",
                                         "-Infinity",
                                         "1e",
                                         "0x10",
                                         "1_000",
                                         std::string(5000, '9'),
                                         "1e99999999999",
                                         "-",
                                         "true",
                                         "null",
                                         "[]",
                                         "{}"}) {
    c.cases.push_back(
        one("tprice " + number.substr(0, 20),
            post("/things", "{\"tname\": \"n\", \"oid\": 1, \"tprice\": " + number + "}")));
    c.cases.push_back(
        one("oid " + number.substr(0, 20),
            post("/things", "{\"tname\": \"n\", \"oid\": " + number + ", \"tprice\": 1}")));
    c.cases.push_back(
        one("stuff " + number.substr(0, 20), post("/stuff", "{\"stuff\": " + number + "}")));
  }
  c.cases.push_back(one("duplicate keys", post("/stuff", "{\"stuff\": \"a\", \"stuff\": \"b\"}")));
  // Refused (no such owner) after parsing: a stored row that large would slow every snapshot.
  c.cases.push_back(
      one("string of 900 KB", post("/things", "{\"tname\": \"" + std::string(900000, 's') +
                                                  "\", \"oid\": 999999, \"tprice\": 1}")));
  c.cases.push_back(one("100,000 keys", [&] {
    std::string body = "{";
    for (int i = 0; i < 100000; ++i) body += "\"k" + std::to_string(i) + "\":1,";
    return post("/stuff", body + "\"stuff\":\"keys\"}");
  }()));
  return c;
}

Category integer_paths(const std::string& lab, const std::string& token) {
  Category c{"integer path parameters", {}};
  for (const std::string& id : Texts{"-1",
                                     "0",
                                     "9223372036854775807",
                                     "9223372036854775808",
                                     "-9223372036854775808",
                                     "-9223372036854775809",
                                     "99999999999999999999999",
                                     "1e3",
                                     "0x10",
                                     "1.5",
                                     "",
                                     "%20",
                                     "%201",
                                     "1%20",
                                     "abc",
                                     "+1",
                                     "--1",
                                     "1;DROP",
                                     "%00",
                                     "1%00",
                                     "%2F",
                                     "١",
                                     "１",
                                     std::string(1000, '9')}) {
    for (const auto& route : routes(lab)) {
      if (route.path.find('{') == std::string::npos) continue;
      std::string name = route.path.substr(route.path.find('{') + 1,
                                           route.path.find('}') - route.path.find('{') - 1);
      Request r = call(route, name, "", false, token);
      std::string target = route.path;
      target.replace(target.find('{'), name.size() + 2, id);
      r.target = target;
      c.cases.push_back(one(route.method + " " + target.substr(0, 40), r.bytes()));
    }
  }
  return c;
}

Category nul_bytes(const std::string& lab, const std::string& token) {
  Category c{"NUL bytes", {}};
  std::string nul(1, '\0');
  for (const std::string& bytes :
       Texts{"GET /stuff" + nul + " HTTP/1.1\r\n" + host + "\r\n",
             "GET /stuff HTTP/1.1\r\nX: a" + nul + "b\r\n" + host + "\r\n",
             "GET /stuff HTTP/1.1\r\n" + nul + "\r\n" + host + "\r\n",
             nul + "GET /stuff HTTP/1.1\r\n" + host + "\r\n",
             "GET /stuff?filter=%00 HTTP/1.1\r\n" + host + "\r\n",
             "GET /stuff/%00 HTTP/1.1\r\n" + host + "\r\n", std::string(1000, '\0')}) {
    c.cases.push_back(one("NUL " + std::to_string(c.cases.size()), bytes));
  }
  for (const auto& route : routes(lab)) {
    for (const auto& param : params_of(route)) {
      for (bool as_json : {false, true}) {
        if (as_json && route.body.empty()) continue;
        c.cases.push_back(one(route.method + " " + route.path + " " + param + " NUL",
                              call(route, param, "x" + nul + "y", as_json, token).bytes()));
      }
    }
  }
  return c;
}

Category pipelining(const std::string& lab, const std::string& token) {
  Category c{"pipelining", {}};
  std::string get = "GET /stuff/1 HTTP/1.1\r\n" + host + "\r\n";
  for (int n : {2, 3, 10, 50, 200}) {
    std::string all;
    for (int i = 0; i < n; ++i) all += get;
    Case k = one(std::to_string(n) + " GETs in one write", all, n);
    k.requests = n;
    c.cases.push_back(k);
  }
  std::string post = call(routes(lab)[2], "stuff", "piped-" + lab, false, token).bytes();
  Case k = one("GET, POST, GET", get + post + get, 3);
  k.requests = 3;
  c.cases.push_back(k);
  k = one("GET, garbage, GET", get + "GARBAGE\r\n\r\n" + get);
  k.requests = 3;
  c.cases.push_back(k);
  k = one("GET, close, GET",
          "GET /stuff/1 HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n" + get);
  k.requests = 2;
  c.cases.push_back(k);
  std::string ten;
  for (int i = 0; i < 10; ++i) ten += get;
  for (std::size_t cut = 5; cut < ten.size(); cut += 37) {
    Case split;
    split.name = "10 GETs cut at " + std::to_string(cut);
    split.pieces = {ten.substr(0, cut), ten.substr(cut)};
    split.gap = 5ms;
    split.requests = 10;
    split.answers_before_fin = 10;
    c.cases.push_back(split);
  }
  return c;
}

Category half_closes(const std::string& lab, const std::string& token) {
  Category c{"half-close", {}};
  std::string get = "GET /stuff/1 HTTP/1.1\r\n" + host + "\r\n";
  c.cases.push_back(one("GET then FIN", get));
  c.cases.push_back(
      one("POST then FIN", call(routes(lab)[2], "stuff", "half-" + lab, false, token).bytes()));
  for (std::size_t cut : {1, 5, 10, 20, 30})
    c.cases.push_back(one("FIN inside a head", get.substr(0, cut)));
  std::string post = call(routes(lab)[2], "stuff", "half-cut", false, token).bytes();
  for (std::size_t cut = post.size() - 10; cut < post.size(); ++cut)
    c.cases.push_back(one("FIN inside a body", post.substr(0, cut)));
  return c;
}

Category injections(const std::string& lab, const std::string& token) {
  Category c{"SQL injection", {}};
  for (const auto& route : routes(lab)) {
    for (const auto& param : params_of(route)) {
      for (const auto& payload : payloads) {
        c.cases.push_back(one(route.method + " " + route.path + " " + param,
                              call(route, param, payload, false, token).bytes()));
        if (!route.body.empty())
          c.cases.push_back(one(route.method + " " + route.path + " " + param + " json",
                                call(route, param, payload, true, token).bytes()));
      }
    }
  }
  return c;
}

Category passwords(const std::string& lab, const std::string& token) {
  Category c{"passwords", {}};
  Route route =
      lab == "06-aaa" ? Route{"POST", "/register", {"login", "pword"}, {}} : routes(lab)[6];
  std::string field = lab == "06-aaa" ? "pword" : "password";
  for (const std::string& password :
       Texts{std::string("a\0bcd", 5), std::string(1 << 20, 'p').substr(0, 1000000),
             std::string(73, 'p'), std::string(72, 'q'), std::string(200, 'r'), "\xff\xfe\xfd\xfc",
             ""}) {
    for (bool as_json : {false, true}) {
      Request r = call(route, field, password, as_json, token);
      c.cases.push_back(
          one("password of " + std::to_string(password.size()) + " bytes", r.bytes()));
    }
  }
  for (const std::string& login : Texts{"evil\nforged", "evil\r\nline", std::string("nul\0user", 8),
                                        "a:b", "", std::string(5000, 'l')}) {
    c.cases.push_back(
        one("login " + login.substr(0, 8), call(route, "login", login, false, token).bytes()));
    c.cases.push_back(one("basic " + login.substr(0, 8), "GET /stuff HTTP/1.1\r\n" + host +
                                                             "Authorization: Basic " +
                                                             base64(login + ":pw") + "\r\n\r\n"));
  }
  return c;
}

// Values longer than a PostgreSQL index row (2704 bytes) in unique columns: 400 there.
Category long_values(const std::string& lab, const std::string& token) {
  Category c{"over-long indexed values", {}};
  std::string random;  // incompressible, or PostgreSQL would shrink it under the limit
  unsigned state = 99u;
  for (int i = 0; i < 20000; ++i) {
    state = state * 1103515245u + 12345u;
    random += static_cast<char>('a' + (state >> 16) % 26);
  }
  for (bool as_json : {false, true}) {
    c.cases.push_back(one("stuff", call(routes(lab)[2], "stuff", random, as_json, token).bytes()));
    c.cases.push_back(one("oname", call(routes(lab)[9], "oname", random, as_json, token).bytes()));
  }
  return c;
}

}  // namespace

std::string base64(const std::string& text) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (unsigned char ch : text) {
    bits = (bits << 8) | ch;
    count += 8;
    while (count >= 6) {
      count -= 6;
      out += alphabet[(bits >> count) & 63];
    }
  }
  if (count > 0) out += alphabet[(bits << (6 - count)) & 63];
  while (out.size() % 4) out += '=';
  return out;
}

std::vector<Category> hostile_cases(const std::string& lab, const std::string& token) {
  return {request_lines(),
          methods(lab),
          headers(),
          crlf_injection(lab, token),
          content_lengths(lab, token),
          chunked_bodies(lab, token),
          encodings(lab, token),
          json_values(lab, token),
          integer_paths(lab, token),
          nul_bytes(lab, token),
          pipelining(lab, token),
          half_closes(lab, token),
          injections(lab, token),
          passwords(lab, token),
          long_values(lab, token)};
}

// Route authorization: every route declares who may call it; nothing is open by accident.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace web {

// A permission on the object a parameter names: "may the user <mode> <domain> <param>?".
struct Permission {
  std::string domain;  // the kind of object, e.g. "owned"
  std::string param;   // the parameter holding its id, e.g. "oid"
  std::string mode;    // e.g. "read", "write"
};

// Who may call a route. Checked in this order, as in the Python course's stack: authentication
// (401), groups (403), parameters (400), object permissions (404 / 403), before hooks, the handler.
class Authz {
 public:
  enum class Kind { open, auth, closed, todo };

  explicit Authz(Kind kind) : kind_(kind) {}
  // Out of line: every route declaration copies or moves one, and inlined they would be
  // compiled in every source file that declares routes.
  Authz(const Authz&);
  Authz(Authz&&) noexcept;
  Authz& operator=(const Authz&);
  Authz& operator=(Authz&&) noexcept;
  ~Authz();

  Kind kind() const { return kind_; }
  // For Kind::todo: what the lab asks for, e.g. "lab 06: who may POST /stuff".
  const std::string& todo() const { return todo_; }
  // Groups the user must all belong to; permissions the user must all have.
  const std::vector<std::string>& groups() const { return groups_; }
  const std::vector<Permission>& permissions() const { return permissions_; }
  // The authentication schemes this route accepts ("basic", "param", "token"); empty: those
  // of the config.
  const std::vector<std::string>& schemes() const { return schemes_; }

  // The same authorization, with only these schemes: AUTH.scheme("basic").
  Authz scheme(std::vector<std::string> schemes) const {
    Authz copy = *this;
    copy.schemes_ = std::move(schemes);
    return copy;
  }
  Authz scheme(std::string scheme) const { return this->scheme(std::vector{std::move(scheme)}); }

  // OAuth 2 scopes the route needs, all of them, from the "scope" claim of the JWT that
  // authenticated the request (space-separated, RFC 8693 and 9068): scope("read"). Else a 403
  // `missing permission "read"` (FlaskSimpleAuth's authn="oauth" routes, whose authz are scopes).
  const std::vector<std::string>& scopes() const { return scopes_; }
  // The realm a token must have been made for on this route ("" : the config's realm), e.g. a
  // short-lived token of a first factor, refused elsewhere: AUTH.scheme("token").realm("mfa")
  // (FlaskSimpleAuth's realm= on a route). App::create_token makes one with TokenOptions.
  const std::string& realm() const { return realm_; }
  Authz realm(std::string realm) const {
    Authz copy = *this;
    copy.realm_ = std::move(realm);
    return copy;
  }

  // Both conditions: group("ADMIN") & perm("owned", "oid", "write").
  friend Authz operator&(Authz a, const Authz& b) {
    if (a.kind_ == Kind::todo) return a;
    if (b.kind_ == Kind::todo) return b;
    if (a.kind_ == Kind::closed || b.kind_ == Kind::closed) return Authz(Kind::closed);
    if (b.kind_ == Kind::auth) a.kind_ = Kind::auth;
    a.groups_.insert(a.groups_.end(), b.groups_.begin(), b.groups_.end());
    a.permissions_.insert(a.permissions_.end(), b.permissions_.begin(), b.permissions_.end());
    a.schemes_.insert(a.schemes_.end(), b.schemes_.begin(), b.schemes_.end());
    a.scopes_.insert(a.scopes_.end(), b.scopes_.begin(), b.scopes_.end());
    if (!b.realm_.empty()) a.realm_ = b.realm_;
    return a;
  }

  // An authenticated user in that group.
  friend Authz group(std::string name) {
    Authz a(Kind::auth);
    a.groups_.push_back(std::move(name));
    return a;
  }
  // An authenticated user allowed to access the object: perm("owned", "oid", "read").
  friend Authz perm(std::string domain, std::string param, std::string mode) {
    Authz a(Kind::auth);
    a.permissions_.push_back({std::move(domain), std::move(param), std::move(mode)});
    return a;
  }

  // An authenticated user whose token grants that OAuth 2 scope: scope("read") & scope("write").
  friend Authz scope(std::string name) {
    Authz a(Kind::auth);
    a.scopes_.push_back(std::move(name));
    return a;
  }

  // The labs' stub idiom (see web::todo) for an authorization still to write: every request
  // answers 501 naming it, e.g. todo_authz("lab 06: who may POST /stuff").
  friend Authz todo_authz(std::string what) {
    Authz a(Kind::todo);
    a.todo_ = std::move(what);
    return a;
  }

 private:
  Kind kind_;
  std::string todo_;
  std::vector<std::string> groups_;
  std::vector<Permission> permissions_;
  std::vector<std::string> schemes_;
  std::vector<std::string> scopes_;
  std::string realm_;
};

Authz group(std::string name);
Authz perm(std::string domain, std::string param, std::string mode);
Authz scope(std::string name);
Authz todo_authz(std::string what);

// Anyone, authenticated or not (no authentication is attempted).
inline const Authz OPEN{Authz::Kind::open};
// Any authenticated user.
inline const Authz AUTH{Authz::Kind::auth};
// No one: the route exists but answers 403 (a placeholder while a feature is disabled).
inline const Authz CLOSE{Authz::Kind::closed};

}  // namespace web

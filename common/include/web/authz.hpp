// Route authorization: every route declares one; none means closed.
#pragma once

namespace web {

// Who may call a route. Later steps add AUTH, CLOSE, groups and object permissions; a route
// cannot be declared without one, so that nothing is open by accident.
class Authz {
 public:
  enum class Kind { open, closed };

  constexpr explicit Authz(Kind kind) : kind_(kind) {}
  constexpr Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// Anyone, authenticated or not.
inline constexpr Authz OPEN{Authz::Kind::open};
// No one: the route exists but answers 403 (a placeholder while a feature is disabled).
inline constexpr Authz CLOSE{Authz::Kind::closed};

}  // namespace web

// common's public headers that a lab's server includes, precompiled with the grader's flags
// (grader/CMakeLists.txt): every source the grader compiles includes this first.
#include <web/app.hpp>
#include <web/blueprint.hpp>
#include <web/like.hpp>
#include <web/model.hpp>
#include <web/password.hpp>
#include <web/url.hpp>

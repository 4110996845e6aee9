# Helpers shared by common, the labs, the solutions and the grader.

# One set of warning flags, for our code and for students' code alike; the grader compiles
# submissions with the same ones (toolchain.json). Third-party headers are system headers.
set(COURSE_WARNING_FLAGS -Wall -Wextra -Wpedantic -Wshadow)

# course_warnings(target [STUDENT]): the warning flags, and -Werror when COURSE_WERROR is on
# (the presets, CI), except for STUDENT code: a warning in a student's lab is shown, never fatal,
# in the CMake build as in the grader.
function(course_warnings target)
  cmake_parse_arguments(ARG "STUDENT" "" "" ${ARGN})
  target_compile_options(${target} PRIVATE ${COURSE_WARNING_FLAGS})
  if(COURSE_WERROR AND NOT ARG_STUDENT)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# course_manifest(lab prefix): reads labs/<lab>/lab.json, the one declaration of a lab, into
# <prefix>_STUDENT_FILES, <prefix>_PROVIDED_FILES and <prefix>_SQL in the caller's scope.
function(course_manifest lab prefix)
  set(manifest ${CMAKE_SOURCE_DIR}/labs/${lab}/lab.json)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${manifest})
  file(READ ${manifest} json)
  foreach(key student_files provided_files)
    set(values "")
    string(JSON count ERROR_VARIABLE missing LENGTH "${json}" ${key})
    if(NOT missing AND count GREATER 0)
      math(EXPR last "${count} - 1")
      foreach(i RANGE ${last})
        string(JSON value GET "${json}" ${key} ${i})
        list(APPEND values ${value})
      endforeach()
    endif()
    string(TOUPPER ${key} upper)
    set(${prefix}_${upper} ${values} PARENT_SCOPE)
  endforeach()
  string(JSON sql ERROR_VARIABLE missing GET "${json}" sql)
  if(missing)
    set(sql "")
  endif()
  set(${prefix}_SQL ${sql} PARENT_SCOPE)
endfunction()

# Copies `from` to `to` at build time, as a dependency of `list_var`'s owner.
function(course_copy from to list_var)
  add_custom_command(OUTPUT ${to} DEPENDS ${from} COMMAND ${CMAKE_COMMAND} -E copy ${from} ${to})
  set(${list_var} ${${list_var}} ${to} PARENT_SCOPE)
endfunction()

# course_server(kind lab): the server of labs/<lab> (kind "labs", the starter a student edits)
# or of solutions/<lab> (kind "solutions"), as labs/<lab>/lab.json declares it: the student files
# come from that folder, the provided files (main.cpp) from labs/<lab>, as in the grader. Builds
# `server` in build/<preset>/<kind>/<lab>/, with the lab's data files (queries.sql) and SQL model
# (sql/<model>/<engine>/*.sql) next to it, where the app finds them (App::app_dir). A solution's
# *_test.cpp files become its GoogleTest suite `tests`. Targets are named <kind>_<lab>; a lab
# also gets <kind>_<lab>_submit, which zips the student files into <lab>.zip at the top of the
# tree (make submit LAB=NN), whether they build or not.
function(course_server kind lab)
  course_manifest(${lab} LAB)
  set(src ${CMAKE_SOURCE_DIR}/${kind}/${lab})
  set(out ${CMAKE_BINARY_DIR}/${kind}/${lab})
  set(target ${kind}_${lab})
  set(student_flag "")
  if(kind STREQUAL "labs")
    set(student_flag STUDENT)
  endif()

  # A student file with '*' is a pattern (lab 07's "*.cpp": files the student names): every
  # file of the folder it matches, but the named ones, the provided ones and *_test.cpp.
  set(files "")
  foreach(f ${LAB_STUDENT_FILES})
    if(NOT f MATCHES "\\*")
      list(APPEND files ${f})
    endif()
  endforeach()
  foreach(f ${LAB_STUDENT_FILES})
    if(f MATCHES "\\*")
      file(GLOB matched RELATIVE ${src} CONFIGURE_DEPENDS ${src}/${f})
      list(SORT matched)
      foreach(m ${matched})
        if(NOT m IN_LIST files AND NOT m IN_LIST LAB_PROVIDED_FILES
           AND NOT m MATCHES "_test\\.cpp$")
          list(APPEND files ${m})
        endif()
      endforeach()
    endif()
  endforeach()

  # Provided sources are compiled from a copy, so that their #include "app.hpp" finds the
  # student's header (a solution's, not the starter's beside them in labs/<lab>).
  set(sources "")  # the app's objects, shared by the server and the tests
  set(main "")     # the provided main.cpp: the server's only
  set(copied "")
  foreach(f ${files})
    if(f MATCHES "\\.cpp$")
      list(APPEND sources ${src}/${f})
    elseif(NOT f MATCHES "\\.hpp$")
      course_copy(${src}/${f} ${out}/${f} copied)
    endif()
  endforeach()
  foreach(f ${LAB_PROVIDED_FILES})
    if(f MATCHES "\\.(cpp|hpp)$")
      configure_file(${CMAKE_SOURCE_DIR}/labs/${lab}/${f} ${out}/provided/${f} COPYONLY)
      if(f STREQUAL "main.cpp")
        set(main ${out}/provided/${f})
      elseif(f MATCHES "\\.cpp$")
        list(APPEND sources ${out}/provided/${f})
      endif()
    else()
      course_copy(${CMAKE_SOURCE_DIR}/labs/${lab}/${f} ${out}/${f} copied)
    endif()
  endforeach()
  if(LAB_SQL)
    file(GLOB_RECURSE sql_files RELATIVE ${CMAKE_SOURCE_DIR}/sql/${LAB_SQL} CONFIGURE_DEPENDS
         ${CMAKE_SOURCE_DIR}/sql/${LAB_SQL}/*.sql)
    foreach(f ${sql_files})
      course_copy(${CMAKE_SOURCE_DIR}/sql/${LAB_SQL}/${f} ${out}/sql/${f} copied)
    endforeach()
  endif()

  add_library(${target}_app OBJECT ${sources})
  target_include_directories(${target}_app PUBLIC ${src})
  target_link_libraries(${target}_app PUBLIC common)
  course_warnings(${target}_app ${student_flag})

  add_executable(${target} ${main})
  target_link_libraries(${target} PRIVATE ${target}_app)
  course_warnings(${target} ${student_flag})
  set_target_properties(${target} PROPERTIES OUTPUT_NAME server RUNTIME_OUTPUT_DIRECTORY ${out})
  if(kind STREQUAL "labs" AND NOT COURSE_STARTERS_IN_ALL)
    set_target_properties(${target} ${target}_app PROPERTIES EXCLUDE_FROM_ALL TRUE)
  endif()
  if(copied)
    add_custom_target(${target}_files DEPENDS ${copied})
    add_dependencies(${target} ${target}_files)
  endif()

  # A lab's provided example programs, labs/<lab>/examples/NAME.cpp (lab 02's DB API without a
  # server): each built as NAME beside the lab's server. Ours, not the student's: -Werror.
  if(kind STREQUAL "labs")
    file(GLOB examples CONFIGURE_DEPENDS ${src}/examples/*.cpp)
    foreach(example ${examples})
      get_filename_component(name ${example} NAME_WE)
      add_executable(${target}_${name} ${example})
      target_link_libraries(${target}_${name} PRIVATE common)
      course_warnings(${target}_${name})
      set_target_properties(${target}_${name} PROPERTIES OUTPUT_NAME ${name}
                                                         RUNTIME_OUTPUT_DIRECTORY ${out})
    endforeach()
  endif()

  if(kind STREQUAL "labs")
    set(zip ${CMAKE_SOURCE_DIR}/${lab}.zip)
    list(JOIN files ", " shown)
    add_custom_target(${target}_submit
      COMMAND ${CMAKE_COMMAND} -E rm -f ${zip}
      COMMAND ${CMAKE_COMMAND} -E tar cf ${zip} --format=zip ${files}
      COMMAND ${CMAKE_COMMAND} -E echo "wrote ${lab}.zip (${shown}): hand it in"
      WORKING_DIRECTORY ${src}
      VERBATIM)
  endif()

  file(GLOB tests CONFIGURE_DEPENDS ${src}/*_test.cpp)
  if(tests AND BUILD_TESTING)
    add_executable(${target}_tests ${tests})
    set_target_properties(${target}_tests PROPERTIES OUTPUT_NAME tests RUNTIME_OUTPUT_DIRECTORY ${out})
    target_link_libraries(${target}_tests PRIVATE ${target}_app common_testing GTest::gtest_main)
    if(copied)
      add_dependencies(${target}_tests ${target}_files)  # the tests open the SQL files too
    endif()
    course_warnings(${target}_tests)
    gtest_discover_tests(${target}_tests TEST_PREFIX "${kind}/${lab}/" PROPERTIES LABELS ${lab}
                         WORKING_DIRECTORY ${out} DISCOVERY_TIMEOUT 30)
  endif()
endfunction()

# A student's export (no solutions/ folder) precompiles, for common and the grader, the headers
# that each of their files parses: its first build (make serve, then make check) is the one a
# student waits for, and ccache has nothing for it yet. Off in the repository: ccache does not
# cache files compiled with a precompiled header, and it serves most of the authors' builds.
# The environment's COURSE_PCH decides when set: scripts/check-export builds a second export
# without it, from ccache.
if(DEFINED ENV{COURSE_PCH})
  set(course_pch_default $ENV{COURSE_PCH})
elseif(EXISTS ${CMAKE_SOURCE_DIR}/solutions)
  set(course_pch_default OFF)
else()
  set(course_pch_default ON)
endif()
option(COURSE_PCH "Precompile common's and the grader's most included headers" ${course_pch_default})

# course_precompile(target header...): the headers precompiled for the target's own files.
function(course_precompile target)
  if(COURSE_PCH)
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()

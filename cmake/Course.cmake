# Helpers shared by common, the labs, the solutions and the grader.

# Strict warnings, for our own code only (third-party headers are system headers).
function(course_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow)
  if(COURSE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# course_server(SOURCES app.cpp ... [TESTS x_test.cpp ...] [SQL model] [FILES queries.sql ...])
# in a lab or solution folder: builds the app sources once, links them with the folder's
# main.cpp into an executable named `server`, and with the TESTS (GoogleTest) into `tests`.
# SQL copies sql/<model>/<engine>/*.sql, FILES copies the folder's files, next to `server`,
# where the app finds them (App::app_dir). Targets are named after the folder
# (solutions_01-rest, solutions_01-rest_tests) so that labs and solutions share one build.
function(course_server)
  cmake_parse_arguments(ARG "" "SQL" "SOURCES;TESTS;FILES" ${ARGN})
  get_filename_component(lab ${CMAKE_CURRENT_SOURCE_DIR} NAME)
  get_filename_component(kind_dir ${CMAKE_CURRENT_SOURCE_DIR} DIRECTORY)
  get_filename_component(kind ${kind_dir} NAME)
  set(target ${kind}_${lab})

  add_library(${target}_app OBJECT ${ARG_SOURCES})
  target_link_libraries(${target}_app PUBLIC common)
  course_warnings(${target}_app)

  add_executable(${target} main.cpp)
  set_target_properties(${target} PROPERTIES OUTPUT_NAME server)
  target_link_libraries(${target} PRIVATE ${target}_app)
  course_warnings(${target})

  set(copied "")
  if(ARG_SQL)
    file(GLOB_RECURSE sql_files RELATIVE ${CMAKE_SOURCE_DIR}/sql/${ARG_SQL}
         ${CMAKE_SOURCE_DIR}/sql/${ARG_SQL}/*.sql)
    foreach(f ${sql_files})
      set(out ${CMAKE_CURRENT_BINARY_DIR}/sql/${f})
      add_custom_command(OUTPUT ${out} DEPENDS ${CMAKE_SOURCE_DIR}/sql/${ARG_SQL}/${f}
                         COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_SOURCE_DIR}/sql/${ARG_SQL}/${f} ${out})
      list(APPEND copied ${out})
    endforeach()
  endif()
  foreach(f ${ARG_FILES})
    set(out ${CMAKE_CURRENT_BINARY_DIR}/${f})
    add_custom_command(OUTPUT ${out} DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${f}
                       COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_CURRENT_SOURCE_DIR}/${f} ${out})
    list(APPEND copied ${out})
  endforeach()
  if(copied)
    add_custom_target(${target}_files DEPENDS ${copied})
    add_dependencies(${target} ${target}_files)
  endif()

  if(ARG_TESTS AND BUILD_TESTING)
    add_executable(${target}_tests ${ARG_TESTS})
    set_target_properties(${target}_tests PROPERTIES OUTPUT_NAME tests)
    target_link_libraries(${target}_tests PRIVATE ${target}_app common_testing GTest::gtest_main)
    if(copied)
      add_dependencies(${target}_tests ${target}_files)  # the tests open the SQL files too
    endif()
    course_warnings(${target}_tests)
    gtest_discover_tests(${target}_tests TEST_PREFIX "${kind}/${lab}/" PROPERTIES LABELS ${lab}
                         DISCOVERY_TIMEOUT 30)
  endif()
endfunction()

# Tests of the grading: the generator of the student version, `grade` on
# this build's exercises, and (with solutions) `grade` on planted bugs.
# Included from tests/CMakeLists.txt.
set(SG_GRADING_DIR ${CMAKE_CURRENT_SOURCE_DIR}/grading)
set(SG_GRADING_WORK ${CMAKE_CURRENT_BINARY_DIR}/grading)
add_executable(grade_report_check tools/grade_report_check.cpp)
target_link_libraries(grade_report_check PRIVATE nlohmann_json::nlohmann_json sg_flags)

set(grade $<TARGET_FILE:grade>)
set(checker $<TARGET_FILE:grade_report_check>)

# sg_grade_test(NAME CODE [GRADE_ARGS...] -- [EXPECTATIONS...]): runs grade
# with --json and --junit (tests/grading/check_grade.sh).
function(sg_grade_test name code)
  add_test(NAME grade:${name}
           COMMAND bash ${SG_GRADING_DIR}/check_grade.sh ${code} ${grade} ${checker} ${SG_GRADING_WORK}/${name} ${ARGN})
  set_tests_properties(grade:${name} PROPERTIES TIMEOUT ${SG_TEST_TIMEOUT})
endfunction()

# The channel's encoding and the reports' escaping, as unit tests.
sg_add_test_suite(grading_unit_tests ${SG_GRADING_DIR}/rpc_tests.cpp PREFIX grading LIBS sg_grading sg_rpc stepgrad)

# ---- make_exercises ------------------------------------------------------------
set(gen $<TARGET_FILE:make_exercises>)
set(fixtures ${SG_GRADING_DIR}/fixtures)
add_test(NAME make_exercises:writes_the_stubs
         COMMAND bash -c "rm -rf \"$1\" && \"$0\" --root \"$2\" --out \"$1\" && diff -r \"$2/expected\" \"$1\""
                 ${gen} ${SG_GRADING_WORK}/generated ${fixtures}/good)
sg_smoke_test(make_exercises:check_finds_a_stale_file 1 "exercises/07_demo/exercises.cpp is missing"
  ${gen} --root ${fixtures}/good --out ${SG_GRADING_WORK}/nothing_here --check)
sg_smoke_test(make_exercises:unterminated_region 1 "solutions/07_demo/exercises.cpp:2: BEGIN SOLUTION is never ended"
  ${gen} --root ${fixtures}/unterminated --out ${SG_GRADING_WORK}/unterminated)
sg_smoke_test(make_exercises:marker_without_id 1 "exercises.cpp:2: write the marker as"
  ${gen} --root ${fixtures}/bad_marker --out ${SG_GRADING_WORK}/bad_marker)
sg_smoke_test(make_exercises:no_solutions_folder 1 "is not a folder"
  ${gen} --root ${SG_GRADING_WORK}/no_such_tree)
if(SG_HAVE_SOLUTIONS)
  # The one that matters: exercises/ is what solutions/ generates.
  sg_smoke_test(make_exercises:exercises_folder_is_up_to_date 0 "exercises/ is up to date"
    ${gen} --root ${PROJECT_SOURCE_DIR} --check)
endif()

# ---- grade: what a user types, and what goes wrong -----------------------------
sg_smoke_test(grade:help 0 "runs the graded tests" ${grade} --help)
sg_smoke_test(grade:unknown_flag 2 "--bogus" ${grade} --bogus)
sg_smoke_test(grade:bad_exercise_id 2 "N.M" ${grade} --exercise 3)
sg_smoke_test(grade:nan_timeout 2 "--timeout: 'nan' is not a finite number" ${grade} --timeout nan)
sg_smoke_test(grade:bad_chapter_in_a_list 2 "--chapter" ${grade} --chapter 1,100)
sg_smoke_test(grade:no_such_exercise 3 "^error: no graded test case matches --exercise 99.1. the exercises are: 1.1"
  ${grade} --exercise 99.1)
sg_smoke_test(grade:no_such_chapters 3 "^error: no graded test case matches --chapter 98,99;"
  ${grade} --chapter 98,99)
sg_smoke_test(grade:unwritable_report 3 "^error: cannot write .*: the folder .* does not exist"
  ${grade} --json ${SG_GRADING_WORK}/no/such/dir/results.json)
# A full disk: the error of the write that failed, not a stale errno.
sg_smoke_test(grade:report_on_a_full_disk 3 "^error: grade --json: could not write '/dev/full': No space left on device"
  ${grade} --exercise 1.1 --json /dev/full)
sg_smoke_test(grade:missing_test_program 3 "^error: no graded test program at"
  ${grade} --tests ${SG_GRADING_WORK}/no_such_program)
# A submission that does not compile (scripts/grade_submissions.sh): every
# test case fails and quotes the compiler.
sg_grade_test(compile_error 1
  --compile-error ${SG_GRADING_DIR}/fixtures/compile_error.log --
  score=0 "all=failed" "2.2~exercises.cpp:31:12: error: expected")
sg_smoke_test(grade:list 0 "3\\.1 .*points" ${grade} --list)
sg_smoke_test(grade:same_file_for_both_reports 2 "^error: --json and --junit name the same file"
  ${grade} --json ${SG_GRADING_WORK}/r.json --junit ${SG_GRADING_WORK}/../grading/r.json)
sg_smoke_test(grade:missing_worker 3 "^error: no worker program at"
  ${grade} --exercise 1.1 --worker ${SG_GRADING_WORK}/no_such_worker)
# Spaces, quotes and a dollar sign in the path of grade and its programs.
add_test(NAME grade:works_from_a_path_with_spaces_and_quotes
         COMMAND bash ${SG_GRADING_DIR}/odd_path.sh $<IF:$<BOOL:${SG_SOLUTIONS}>,0,1> ${grade}
                 $<TARGET_FILE:graded_tests> $<TARGET_FILE:graded_worker> ${SG_GRADING_WORK}/odd_path)
set_tests_properties(grade:works_from_a_path_with_spaces_and_quotes PROPERTIES TIMEOUT ${SG_TEST_TIMEOUT})

if(SG_SOLUTIONS)
  # Against the reference every graded test case passes: grade gives full
  # marks and exit code 0 (and names each test case that does not pass).
  sg_grade_test(solutions_get_full_marks 0 -- score=max all=passed)
  # The longest test (every graded case, a process each): started first, so
  # that the others run beside it instead of after it (ctest -j).
  set_tests_properties(grade:solutions_get_full_marks PROPERTIES COST 1000)
  sg_grade_test(one_exercise 0 --exercise 4.2 -- score=max 4.2=passed)

  # sg_replaced_worker(NAME DIR): graded_worker_NAME, the solutions with each
  # chapter DIR has a file for (DIR/NN_slug.cpp) replaced by that file.
  function(sg_replaced_worker name dir)
    file(GLOB replaced RELATIVE ${dir} CONFIGURE_DEPENDS ${dir}/[0-9][0-9]_*.cpp)
    list(TRANSFORM replaced PREPEND ${dir}/ OUTPUT_VARIABLE sources)
    foreach(source IN LISTS SG_EXERCISE_SOURCES)
      get_filename_component(chapter_dir ${source} DIRECTORY)
      get_filename_component(chapter ${chapter_dir} NAME)
      if(NOT "${chapter}.cpp" IN_LIST replaced)
        list(APPEND sources ${source})
      endif()
    endforeach()
    add_library(sg_exercises_${name} STATIC ${sources})
    target_include_directories(sg_exercises_${name} PUBLIC ${SG_EXERCISE_INCLUDE_DIR} ${dir})
    target_link_libraries(sg_exercises_${name} PUBLIC stepgrad)
    add_executable(graded_worker_${name} $<TARGET_OBJECTS:sg_worker_main> $<TARGET_OBJECTS:sg_rpc_worker_api>)
    target_link_libraries(graded_worker_${name} PRIVATE sg_exercises_${name} sg_rpc stepgrad)
  endfunction()

  # The planted bugs (tests/graded/planted/): the solutions, but chapter 3's
  # exercises replaced by wrong ones: a missing factor, a sign flip, an
  # endless loop, a crash. Partial credit, the right hints, and the run
  # completes. Chapter 3 and the three around it only (solutions_get_full_marks
  # above runs them all).
  sg_replaced_worker(planted ${CMAKE_CURRENT_SOURCE_DIR}/graded/planted)
  sg_grade_test(planted_bugs 1 --worker $<TARGET_FILE:graded_worker_planted> --timeout 2 --chapter 1,3,4,6 --
    score<max 1.1=passed 4.2=passed 6.1=passed
    "3.1=failed" "3.1~this is σ(x)"
    "3.2=failed" "3.2~sign"
    "3.3=timed out" "3.3~endless loop"
    "3.4=crashed")

  # Hostile submissions (tests/grading/hostile/): chapters 1-4 replaced by
  # code that attacks the grader instead of computing (hostile.hpp). Not a
  # point may be earned, no process may outlive grade, and both reports must
  # be written and valid, however the worker ends.
  sg_replaced_worker(hostile ${SG_GRADING_DIR}/hostile)
  set(hostile_expectations score=0
    "1.1=crashed" "1.1~exit code 0" "1.2=crashed" "1.3=crashed" "1.3~signal 6"
    "2.1=timed out" "2.2=crashed" "2.3=timed out"
    "3.1=crashed" "3.1~signal 9" "3.2=crashed" "3.2~stack overflow" "3.3=failed" "3.4=failed"
    "4.1=failed" "4.2~2048 MiB" "4.3=failed" "4.3~Too many open files"
    "4.4=failed" "4.4~invalid UTF-8")
  add_test(NAME grade:hostile_submission_earns_nothing
           COMMAND bash ${SG_GRADING_DIR}/hostile_check.sh ${grade} ${checker} ${SG_GRADING_WORK}/hostile
                   --worker $<TARGET_FILE:graded_worker_hostile> --timeout 2 --chapter 1,2,3,4 -- ${hostile_expectations})
  set_tests_properties(grade:hostile_submission_earns_nothing PROPERTIES TIMEOUT ${SG_TEST_TIMEOUT} COST 500)

  # What grade_submissions.sh takes from each submission of a class with a
  # hostile student (its grading, a build per submission, is the hostile
  # test above; docs/performance.md has a whole run).
  add_test(NAME grade_submissions:takes_only_the_exercise_files
           COMMAND bash ${SG_GRADING_DIR}/submissions_check.sh ${PROJECT_SOURCE_DIR}/scripts/grade_submissions.sh
                   ${PROJECT_SOURCE_DIR} ${SG_GRADING_WORK}/submissions)
  set_tests_properties(grade_submissions:takes_only_the_exercise_files PROPERTIES TIMEOUT ${SG_TEST_TIMEOUT})

  # A TEST_CASE and a listener in the exercises: not linked into the worker,
  # so the submission does not build (built by the test, not by `all`).
  add_executable(graded_worker_catch2 EXCLUDE_FROM_ALL $<TARGET_OBJECTS:sg_worker_main>
                 $<TARGET_OBJECTS:sg_rpc_worker_api> ${SG_GRADING_DIR}/hostile/catch2_case.cpp)
  target_link_libraries(graded_worker_catch2 PRIVATE sg_exercises sg_rpc stepgrad)
  target_include_directories(graded_worker_catch2 PRIVATE $<TARGET_PROPERTY:Catch2::Catch2,INTERFACE_INCLUDE_DIRECTORIES>)
  add_test(NAME grade:catch2_in_the_exercises_does_not_link
           COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target graded_worker_catch2)
  set_tests_properties(grade:catch2_in_the_exercises_does_not_link PROPERTIES
    TIMEOUT ${SG_TEST_TIMEOUT} PASS_REGULAR_EXPRESSION "undefined reference to [^\n]*Catch::")

  # A static initialiser in the exercises that prints, exits or never ends:
  # the worker's start-up is under the test case's time limit, and what it
  # prints is its output, not a result.
  set(init_kinds print exit loop)
  foreach(kind IN LISTS init_kinds)
    list(FIND init_kinds ${kind} index)
    math(EXPR index "${index} + 1")
    add_executable(graded_worker_init_${kind} $<TARGET_OBJECTS:sg_worker_main> $<TARGET_OBJECTS:sg_rpc_worker_api>
                   ${SG_GRADING_DIR}/hostile/init.cpp)
    target_compile_definitions(graded_worker_init_${kind} PRIVATE SG_HOSTILE_INIT=${index})
    target_link_libraries(graded_worker_init_${kind} PRIVATE sg_exercises sg_rpc stepgrad)
  endforeach()
  sg_grade_test(static_initialiser_prints 0 --worker $<TARGET_FILE:graded_worker_init_print> --exercise 1.1 --
    score=max "1.1=passed")
  sg_grade_test(static_initialiser_exits 1 --worker $<TARGET_FILE:graded_worker_init_exit> --exercise 1.1 --
    score=0 "1.1=crashed" "1.1~exit code 0")
  sg_grade_test(static_initialiser_loops 1 --worker $<TARGET_FILE:graded_worker_init_loop> --exercise 1.1
    --timeout 0.5 -- score=0 "1.1=timed out")
  # Ctrl-C in the middle of a test case whose worker never returns.
  add_test(NAME grade:interrupted_writes_incomplete_reports
           COMMAND bash ${SG_GRADING_DIR}/interrupted.sh ${grade} $<TARGET_FILE:graded_worker_init_loop> ${checker}
                   ${SG_GRADING_WORK}/interrupted)
  set_tests_properties(grade:interrupted_writes_incomplete_reports PROPERTIES TIMEOUT ${SG_TEST_TIMEOUT})
else()
  # The student's build, untouched: every test case "not implemented", 0
  # points, exit code 1, and both reports written.
  sg_grade_test(stubs_score_zero 1 -- score=0 "all=not implemented")
  set_tests_properties(grade:stubs_score_zero PROPERTIES COST 1000)   # the longest: first
  sg_grade_test(stub_names_its_file 1 --exercise 1.1 -- score=0
    "1.1~open exercises/01_gradient_descent/exercises.cpp")
endif()

# The student version (cmake/StudentTarball.cmake) has exercises/ and no
# solutions. scripts/test.sh also unpacks it, builds it and runs its tests.
find_program(SG_GIT git)
if(SG_HAVE_SOLUTIONS AND SG_GIT AND EXISTS ${PROJECT_SOURCE_DIR}/.git)
  add_test(NAME student_tarball:has_the_stubs_and_no_solutions
           COMMAND bash ${SG_GRADING_DIR}/check_tarball.sh ${CMAKE_COMMAND} ${PROJECT_SOURCE_DIR}
                   ${SG_GRADING_WORK}/tarball)
  set_tests_properties(student_tarball:has_the_stubs_and_no_solutions PROPERTIES TIMEOUT ${SG_TEST_TIMEOUT})
endif()

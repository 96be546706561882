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
# Each way a test case can end, from a stand-in test program: no chapter needed.
sg_grade_test(every_status 1 --tests ${SG_GRADING_DIR}/fake_graded_tests.sh --timeout 1 --
  score=2 "1.1=failed" "1.1~got 3" "1.2=timed out" "2.1=crashed" "2.1~exercises/02_x/exercises.cpp:12"
  "2.2=not implemented" "2.3=crashed" "2.3~exit code 3")
# A submission that does not compile (scripts/grade_submissions.sh): every
# test case fails and quotes the compiler.
sg_grade_test(compile_error 1 --tests ${SG_GRADING_DIR}/fake_graded_tests.sh
  --compile-error ${SG_GRADING_DIR}/fixtures/compile_error.log --
  score=0 "all=failed" "2.2~exercises.cpp:31:12: error: expected")
sg_smoke_test(grade:list 0 "3\\.1 .*points" ${grade} --list)

if(SG_SOLUTIONS)
  # Against the reference every graded test case passes: grade gives full
  # marks and exit code 0 (and names each test case that does not pass).
  sg_grade_test(solutions_get_full_marks 0 -- score=max all=passed)
  # The longest test (every graded case, a process each): started first, so
  # that the others run beside it instead of after it (ctest -j).
  set_tests_properties(grade:solutions_get_full_marks PROPERTIES COST 1000)
  sg_grade_test(one_exercise 0 --exercise 4.2 -- score=max 4.2=passed)

  # The planted bugs (tests/graded/planted/): the solutions, but chapter 3's
  # exercises replaced by wrong ones: a missing factor, a sign flip, an
  # endless loop, a crash. Partial credit, the right hints, and the run
  # completes. Chapter 3 and the three around it only: every test case is a
  # process of its own, and all 60 exercises of the sanitizer build cost a
  # minute of CI (solutions_get_full_marks above runs them all).
  file(GLOB planted_chapters RELATIVE ${CMAKE_CURRENT_SOURCE_DIR}/graded/planted CONFIGURE_DEPENDS
       ${CMAKE_CURRENT_SOURCE_DIR}/graded/planted/*.cpp)
  if(planted_chapters)
    list(TRANSFORM planted_chapters PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/graded/planted/ OUTPUT_VARIABLE planted_sources)
    foreach(source IN LISTS SG_EXERCISE_SOURCES)
      get_filename_component(chapter_dir ${source} DIRECTORY)
      get_filename_component(chapter ${chapter_dir} NAME)
      if(NOT "${chapter}.cpp" IN_LIST planted_chapters)
        list(APPEND planted_sources ${source})
      endif()
    endforeach()
    add_library(sg_exercises_planted STATIC ${planted_sources})
    target_include_directories(sg_exercises_planted PUBLIC ${SG_EXERCISE_INCLUDE_DIR})
    target_link_libraries(sg_exercises_planted PUBLIC stepgrad)
    add_executable(graded_tests_planted $<TARGET_OBJECTS:sg_graded_cases> $<TARGET_OBJECTS:sg_graded_main>)
    target_link_libraries(graded_tests_planted PRIVATE sg_exercises_planted stepgrad Catch2::Catch2)
    sg_grade_test(planted_bugs 1 --tests $<TARGET_FILE:graded_tests_planted> --timeout 2 --chapter 1,3,4,6 --
      score<max 1.1=passed 4.2=passed 6.1=passed
      "3.1=failed" "3.1~this is σ(x)"
      "3.2=failed" "3.2~sign"
      "3.3=timed out" "3.3~endless loop"
      "3.4=crashed")
  endif()
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

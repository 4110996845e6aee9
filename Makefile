# Shortcuts over CMake presets, the same in the repository and in a student's export (which has
# no solutions/: the instructor's targets are listed only where they work). `make help`.
PRESET ?= dev
LAB ?= 01
LAB_NAME := $(notdir $(firstword $(wildcard labs/$(LAB)-*)))
SOLUTIONS := $(wildcard solutions/*)
GRADER := build/$(PRESET)/grader/grader
# The course's language, en or fr: a French export's grader/lang says fr. `make help` and the
# grader's reports follow it; `make export COURSE_LANG=fr` releases the French course.
COURSE_LANG ?= $(or $(shell cat grader/lang 2>/dev/null),en)

.PHONY: help configure build test serve check submit deploy check-deploy format slides format-check run grade-all fuzz export clean
help:
ifeq ($(COURSE_LANG),fr)
	@echo "make build              compile tout (préréglage $(PRESET))"
	@echo "make test               compile, puis lance tous les tests"
	@echo "make serve LAB=01       compile votre TP, le sert sur 127.0.0.1:5000 avec des données neuves"
	@echo "                        (ARGS='--db URL' ajoute des options au serveur)"
	@echo "make check LAB=01       compile, puis note votre TP avec ses tests publics"
	@echo "                        (TEST=03 : seulement tests/03-*.hurl ; REGRESSION=1 : les tests"
	@echo "                        publics du TP qu'il doit encore réussir : ceux du TP 06 pour le"
	@echo "                        TP 07, du TP 07 pour le TP 08, sur un serveur PostgreSQL que le"
	@echo "                        correcteur démarre pour l'occasion)"
	@echo "make submit LAB=01      zippe les fichiers de votre TP (labs/01-*/lab.json les liste) pour le rendu"
	@echo "make deploy LAB=08 PREFIX=DIR   compile le TP 08, l'installe sous DIR (/ pour de vrai)"
	@echo "make check-deploy LAB=08        déploie le TP 08 sur 127.0.0.1 dans un dossier temporaire et"
	@echo "                        le vérifie de bout en bout (DIR=DOSSIER : un autre dossier que labs/08-*)"
	@echo "make format             formate chaque fichier C++ avec clang-format"
	@echo "make clean              supprime la compilation"
else
	@echo "make build              build everything ($(PRESET) preset)"
	@echo "make test               build, then run every test"
	@echo "make serve LAB=01       build your lab, serve it on 127.0.0.1:5000 with fresh data"
	@echo "                        (ARGS='--db URL' adds flags to the server)"
	@echo "make check LAB=01       build, then grade your lab with its public tests"
	@echo "                        (TEST=03: only tests/03-*.hurl; REGRESSION=1: the public tests"
	@echo "                        of the lab it must still pass: lab 06's for lab 07, lab 07's for"
	@echo "                        lab 08, on a PostgreSQL server the grader starts for the run)"
	@echo "make submit LAB=01      zip your lab's files (labs/01-*/lab.json lists them) to hand in"
	@echo "make deploy LAB=08 PREFIX=DIR   build lab 08, install it under DIR (/ for the real thing)"
	@echo "make check-deploy LAB=08        deploy lab 08 on 127.0.0.1 in a temporary folder, check it"
	@echo "                        end to end (DIR=FOLDER: another lab-08 folder than labs/08-*)"
	@echo "make format             clang-format every C++ file"
	@echo "make clean              remove the build"
endif
ifneq ($(SOLUTIONS),)
	@echo "make run LAB=01         serve the reference solution of a lab on 127.0.0.1:5000"
	@echo "make grade-all          grade every solution and starter with every test (scripts/main)"
	@echo "make format-check       fail if a file is not formatted"
	@echo "make fuzz               run each libFuzzer target FUZZ_SECONDS (120) from its corpus"
	@echo "make slides             render the slides to HTML and PDF in build/$(PRESET)/slides/site/"
	@echo "make export OUT=DIR UNTIL=NN   the students' course with labs 01 to NN, from a fresh"
	@echo "                        clone: scripts/setup, the grader and the slides built, then"
	@echo "                        grader export (see grader/README.md); COURSE_LANG=fr: in French"
endif

# Configured once: the build configures itself again when a CMakeLists.txt changes (running
# cmake --preset at every make check cost a second of the student's edit-check loop).
configure:
	@test -n "$(LAB_NAME)" || { echo "no lab $(LAB) under labs/ (LAB=01 ... )" >&2; exit 2; }
	@test -f build/$(PRESET)/build.ninja || cmake --preset $(PRESET) >/dev/null

build:
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET)

test: build
	ctest --preset $(PRESET) -j 2

serve: configure
	cmake --build --preset $(PRESET) --target labs_$(LAB_NAME)
	build/$(PRESET)/labs/$(LAB_NAME)/server --init $(ARGS)

# A student's check: the public tests of labs/NN-*/, through the grader, as for the grade. Its
# builds are kept in the build folder: after an edit, only the files it touches compile again.
check: configure
	cmake --build --preset $(PRESET) --target grader
	GRADER_BUILD_CACHE=build/$(PRESET)/grader-builds $(GRADER) grade --public-only $(if $(TEST),--test $(TEST)) $(if $(REGRESSION),--regression) --lab $(LAB_NAME) labs/$(LAB_NAME)

submit: configure
	cmake --build --preset $(PRESET) --target labs_$(LAB_NAME)_submit

# Lab 08 and on: labs/NN-*/install lays the built server and its deploy/ files out under PREFIX.
deploy: configure
	@test -n "$(PREFIX)" || { echo "usage: make deploy LAB=08 PREFIX=DIR" >&2; exit 2; }
	@test -x labs/$(LAB_NAME)/install || { echo "lab $(LAB) has no deployment (lab 08 has)" >&2; exit 2; }
	cmake --build --preset $(PRESET) --target labs_$(LAB_NAME)
	labs/$(LAB_NAME)/install build/$(PRESET)/labs/$(LAB_NAME) $(PREFIX)

check-deploy: configure
	@test -x labs/$(LAB_NAME)/check-deploy || { echo "lab $(LAB) has no deployment (lab 08 has)" >&2; exit 2; }
	PRESET=$(PRESET) labs/$(LAB_NAME)/check-deploy $(or $(DIR),labs/$(LAB_NAME))

format:
	scripts/format

ifneq ($(SOLUTIONS),)
run: configure
	cmake --build --preset $(PRESET) --target solutions_$(LAB_NAME)
	build/$(PRESET)/solutions/$(LAB_NAME)/server --init $(ARGS)

grade-all:
	scripts/main

format-check:
	scripts/format --check

fuzz:
	scripts/fuzz $(or $(FUZZ_SECONDS),120)

# The course's slides: every deck of slides/ to HTML and PDF, with an index page.
slides:
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET) --target slides
	@echo "slides: build/$(PRESET)/slides/site/index.html"

# Releasing labs 01 to NN: the one command, from a fresh clone too (the export needs the
# grader and the rendered slides, which need scripts/setup's npm packages). A configured build
# is not configured again (CI runs this beside other tests): it does so itself if need be.
export:
	@test -n "$(OUT)" -a -n "$(UNTIL)" || { echo "usage: make export OUT=DIR UNTIL=NN [COURSE_LANG=fr]" >&2; exit 2; }
	scripts/setup
	@test -f build/$(PRESET)/build.ninja || cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET) --target grader slides
	$(GRADER) export --out $(OUT) --until $(UNTIL) --lang $(COURSE_LANG)
endif

clean:
	rm -rf build

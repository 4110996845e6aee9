# Shortcuts over CMake presets. `make help` lists them.
PRESET ?= dev
LAB ?= 01

.PHONY: help build test format format-check run check clean slides
help:
	@echo "make build          build everything ($(PRESET) preset)"
	@echo "make test           build, then run every test"
	@echo "make run LAB=01     serve the reference solution of a lab on 127.0.0.1:5000"
	@echo "make check LAB=01   build, then grade your lab folder with its public tests"
	@echo "make format         clang-format every C++ file"
	@echo "make format-check   fail if a file is not formatted"
	@echo "make slides         render the slides to HTML and PDF in build/$(PRESET)/slides/site/"

build:
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET)

test: build
	ctest --preset $(PRESET) -j 2

run:
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET) --target solutions_$(notdir $(wildcard solutions/$(LAB)-*))
	build/$(PRESET)/solutions/$(notdir $(wildcard solutions/$(LAB)-*))/server --init

# A student's check: the public tests of labs/NN-*/, through the grader.
check:
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET) --target grader
	build/$(PRESET)/grader/grader grade --public-only --lab $(notdir $(wildcard labs/$(LAB)-*)) $(wildcard labs/$(LAB)-*)

format:
	scripts/format

format-check:
	scripts/format --check

# The course's slides: every deck of slides/ to HTML and PDF, with an index page.
slides:
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET) --target slides
	@echo "slides: build/$(PRESET)/slides/site/index.html"

clean:
	rm -rf build

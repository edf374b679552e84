# onetake: `make demo` sets everything up and renders the onboarding example; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := espeak-ng libespeak-ng1 fonts-noto-color-emoji fluidsynth musescore-general-soundfont-small
STAMP := $(VENV)/.installed

.PHONY: install demo test bench docs contact-sheets clean

install: $(STAMP)

# System packages (Debian/Ubuntu) first, then a virtualenv with every Python dependency.
$(STAMP): pyproject.toml
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

demo: install
	$(BIN)/onetake render examples/onboarding.md -o out/

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/render_speed.py

docs: install
	$(BIN)/python -c "from onetake.timeline.serialize import schema_doc; print(schema_doc(), end='')" > docs/timeline.md

contact-sheets: install
	for f in examples/*.md; do $(BIN)/onetake sheet $$f -o docs/$$(basename $$f .md).png || exit 1; done

clean:
	rm -rf out .pytest_cache

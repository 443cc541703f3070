# Two commands: `make run` serves the demo school; `make test` passes the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8000

RALPH  := .venv-ralph
RALPH_STAMP := $(RALPH)/.installed-stamp

.PHONY: install ralph run test lint format migrate demo bench clean messages

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# The learning record store the xAPI tests run (Ralph), in its own virtualenv: it pins older
# libraries than Trellis, so it never goes into .venv (tests/lrs_ralph.py starts it).
ralph: $(RALPH_STAMP)

$(RALPH_STAMP): requirements/ralph.txt
	@test -x $(RALPH)/bin/python || $(PYTHON) -m venv $(RALPH)
	$(RALPH)/bin/python -m pip install --quiet --upgrade pip
	$(RALPH)/bin/python -m pip install --quiet -r requirements/ralph.txt
	@touch $(RALPH_STAMP)

migrate: install
	$(BIN)/trellis migrate --noinput -v 0

demo: migrate
	$(BIN)/trellis demo

run: demo
	@echo "Serving Trellis on http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	$(BIN)/trellis serve --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The two virtualenvs are independent: on a fresh clone they are built side by side.
test:
	@$(MAKE) --no-print-directory -j2 install ralph
	bash scripts/test.sh

# The French catalogue (docs/languages.md): extract every marked string from the templates,
# Python and static scripts into src/trellis/locale/fr_CA/LC_MESSAGES/*.po, then compile the
# .mo files that are committed beside them. Needs GNU gettext (apt-get install gettext).
MESSAGE_FLAGS := -l fr_CA --no-obsolete --add-location file --ignore 'migrations/*' --ignore 'settings/*'
messages: install
	cd src/trellis && ../../$(BIN)/trellis makemessages -d django $(MESSAGE_FLAGS)
	cd src/trellis && ../../$(BIN)/trellis makemessages -d djangojs $(MESSAGE_FLAGS) \
		--ignore '*.min.js' --ignore '*katex*'
	cd src/trellis && ../../$(BIN)/trellis compilemessages -l fr_CA
	$(BIN)/python -m pytest -p no:xdist -q tests/common/test_french_catalogue.py

clean:
	rm -rf $(VENV) $(RALPH) var .pytest_cache

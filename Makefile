# The README's two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NPM_STAMP := frontend/node_modules/.installed

.PHONY: demo test install bench frontend e2e

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NPM_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

install: $(STAMP) $(NPM_STAMP)

# The dashboard, built into frontend/dist (Django serves it at /).
frontend: $(NPM_STAMP)
	cd frontend && npm run build

demo: $(STAMP) frontend
	bash scripts/demo.sh

# Dashboard unit tests, the dashboard in a real browser against a real server, then every Python test.
test: $(STAMP) frontend
	cd frontend && npm run typecheck && npm test
	bash scripts/e2e.sh
	$(PY) -m pytest $(PYTEST_ARGS)

e2e: $(STAMP) frontend
	bash scripts/e2e.sh

bench: $(STAMP)
	$(VENV)/bin/agendador bench

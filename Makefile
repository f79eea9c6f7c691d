# helpdesk-broker: `make run` sets everything up and starts the bot; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.10
VENV := .venv
BIN := $(VENV)/bin
SPACY_MODEL := var/spacy/broker_en
MODEL := models/broker.tar.gz
WIDGET := web/node_modules/rasa-webchat/lib/index.js
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null) \
                   bot/rasa_ext/pathway_classifier.py bot/domain/pathway_model.py \
                   bot/domain/sentence_encoder.py bot/rasa_ext/sentence_featurizer.py \
                   bot/rasa_ext/language_detector.py bot/domain/languages.py \
                   $(SPACY_MODEL)/meta.json

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONHASHSEED := 0
# What endpoints.yml reads, for the one Rasa command run outside `broker run` (test stories:
# actions are predicted, not called).
STORIES_ENV := ACTION_ENDPOINT_URL=http://127.0.0.1:5055/webhook ACTION_SERVER_TOKEN=unused \
  TRACKER_STORE_URL=sqlite:///var/tracker-stories.db LOCK_STORE_TYPE=in_memory \
  LOCK_STORE_HOST= LOCK_STORE_PORT= LOCK_STORE_DB= LOCK_STORE_PASSWORD=

# `make run-production`: the production profile against this machine's PostgreSQL and Redis.
# Deployments set these (and the secrets) in their own environment.
PRODUCTION_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/broker
PRODUCTION_TRACKER_STORE_URL ?= postgresql://postgres@127.0.0.1:5432/broker_tracker
PRODUCTION_LOCK_STORE_URL ?= redis://127.0.0.1:6379/1
SECRETS := RASA_AUTH_TOKEN ACTION_SERVER_TOKEN HELPDESK_SESSION_SECRET

.PHONY: help setup run run-production test lint validate unit stories nlu-eval converse-eval \
        bench db model spacy web clean lock browser

help:
	@echo "make run       set up (venv, spaCy pipeline, database, model) and start the bot"
	@echo "make run-production  the same with PostgreSQL, Redis and secrets from the environment"
	@echo "make test      set up and run every test"
	@echo "make bench     measure latency, throughput, memory and the matching query"
	@echo "make nlu-eval  measure pathway classification and place recognition on held-out data"
	@echo "make converse-eval  play the newcomer corpus (first visits) against the real servers"
	@echo "make clean     remove the virtual environment, runtime files and models"

# --- set-up -------------------------------------------------------------------------------
$(BIN)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null || { \
	  echo "Python 3.10 is required (Rasa 3.6 runs on 3.10 only). Install it, e.g."; \
	  echo "  pyenv install 3.10.13   (the .python-version file then selects it)"; \
	  echo "or pass its path: make PYTHON=/path/to/python3.10 ..."; exit 1; }
	@if [ -x $(BIN)/python ] && ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then \
	  echo "Replacing a virtual environment built with another Python"; rm -rf $(VENV); fi
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip==24.0" "setuptools==69.5.1" wheel
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

$(SPACY_MODEL)/meta.json: $(BIN)/.installed $(wildcard bot/domain/places/*.py) bot/rasa_ext/spacy_pipeline.py bot/domain/textnorm.py
	$(BIN)/broker nlp build
	@touch $@

$(MODEL): $(BIN)/.installed $(TRAINING_INPUTS)
	BROKER_ENCODER_THREADS=$$(nproc) $(BIN)/rasa train --fixed-model-name broker --out models --quiet
	@touch $@

# The portal page's chat widget: the pinned rasa-webchat from the npm registry (no CDN).
$(WIDGET): web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo "Installing Debian's nodejs and npm for the chat widget"; \
	  mkdir -p var; (apt-get install -y -q nodejs npm || (apt-get update -q && apt-get install -y -q nodejs npm)) \
	  > var/apt-npm.log 2>&1 || { cat var/apt-npm.log; \
	  echo "The chat widget needs Node.js and npm: install them and run make again"; exit 1; }; }
	cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

spacy: $(SPACY_MODEL)/meta.json
model: $(MODEL)
web: $(WIDGET)

db: $(BIN)/.installed
	$(BIN)/broker db seed

setup: $(BIN)/.installed spacy db model web

# Browser tests drive Debian's Chromium (Playwright's own browser download cannot work here).
browser:
	@[ -x /usr/bin/chromium ] || { echo "Installing Debian's chromium for the browser tests"; \
	  mkdir -p var; (apt-get install -y -q chromium || (apt-get update -q && apt-get install -y -q chromium)) \
	  > var/apt-chromium.log 2>&1 || { cat var/apt-chromium.log; exit 1; }; }

# --- use ------------------------------------------------------------------------------------
run: setup
	$(BIN)/broker run

# Secrets not in the environment get random values for this run only (and are not shown).
run-production: setup
	@export BROKER_PROFILE=production \
	  DATABASE_URL="$${DATABASE_URL:-$(PRODUCTION_DATABASE_URL)}" \
	  TRACKER_STORE_URL="$${TRACKER_STORE_URL:-$(PRODUCTION_TRACKER_STORE_URL)}" \
	  LOCK_STORE_URL="$${LOCK_STORE_URL:-$(PRODUCTION_LOCK_STORE_URL)}"; \
	for name in $(SECRETS); do if [ -z "$${!name}" ]; then \
	  export "$$name=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(32))')"; \
	  echo "$$name is not set: using a random value for this run"; fi; done; \
	$(BIN)/broker db seed && exec $(BIN)/broker run

nlu-eval: setup
	$(BIN)/python -m evaluation.nlu_eval

# The newcomer corpus played against the real servers: about 2 minutes.
converse-eval: setup
	$(BIN)/python -m evaluation.converse_eval

# A benchmark, not a test: about 6 minutes; figures in var/bench/results-latest.json.
bench: setup
	$(BIN)/python -m evaluation.bench.run

# --- tests ----------------------------------------------------------------------------------
lint: $(BIN)/.installed
	$(BIN)/ruff check bot actions evaluation tests

validate: $(BIN)/.installed
	$(BIN)/rasa data validate --fail-on-warnings --quiet

unit: setup browser
	$(BIN)/pytest -q --durations=15

stories: setup
	$(STORIES_ENV) $(BIN)/rasa test core --stories tests/test_stories.yml --model $(MODEL) \
	  --fail-on-prediction-errors --out var/test-results --quiet

test: setup browser lint validate unit stories

clean:
	rm -rf $(VENV) var models results .pytest_cache web/node_modules

lock: $(BIN)/.installed
	( echo '# Exact versions of every installed package (pip constraints); regenerate with `make lock`.'; \
	  $(BIN)/pip freeze --exclude-editable ) > requirements.lock

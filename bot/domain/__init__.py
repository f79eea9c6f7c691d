"""Pure rules of the domain: vocabulary, answers, scoring, places, handoff rules, pathway model.

Imports neither Rasa, SQLAlchemy nor HTTP libraries, so every rule here is testable alone."""

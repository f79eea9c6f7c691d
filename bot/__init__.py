"""helpdesk-broker: the orientation conversation's domain, importable without a running Rasa."""

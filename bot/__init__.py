"""helpdesk-broker: the domain of the NZC orientation conversation, importable without a running Rasa."""

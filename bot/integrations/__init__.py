"""Systems outside the process: EU funding API, helpdesk webhook, Rasa HTTP API; with timeouts."""

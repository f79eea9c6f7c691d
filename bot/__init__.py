"""helpdesk-broker: the orientation conversation, in layers (see the README's map)."""

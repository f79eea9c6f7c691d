"""Human handoff: when the bot passes a conversation to the Helpdesk, and how the Helpdesk hears."""

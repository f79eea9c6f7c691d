"""When the bot passes a conversation to the Helpdesk, and what it tells the user."""

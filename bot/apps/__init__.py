"""The processes: action and Rasa servers, Helpdesk console, portal page, terminal chat, runner."""

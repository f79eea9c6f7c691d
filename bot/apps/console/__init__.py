"""The Helpdesk console: a queue of escalations, transcripts, replies into the chat, hand-back."""

"""Funding calls from the EU Funding & Tenders Portal: the search API client and the sync."""

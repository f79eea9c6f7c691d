"""The parts of Rasa's HTTP API the console uses, always with the API token and a timeout."""

from __future__ import annotations

import aiohttp

TIMEOUT = aiohttp.ClientTimeout(total=10)


class RasaUnavailable(RuntimeError):
    pass


class RasaApi:
    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token

    async def _call(self, method: str, path: str, json: object | None = None,
                    **params: str) -> dict:
        url = f"{self.base_url}{path}"
        try:
            async with aiohttp.ClientSession(timeout=TIMEOUT) as http, http.request(
                    method, url, json=json, params={"token": self.token, **params}) as response:
                if response.status >= 300:
                    raise RasaUnavailable(f"Rasa answered HTTP {response.status} for {path}")
                return await response.json()
        except (aiohttp.ClientError, TimeoutError) as error:
            raise RasaUnavailable(f"Rasa is not reachable ({type(error).__name__})") from error

    async def tracker(self, conversation_id: str) -> dict:
        return await self._call("GET", f"/conversations/{conversation_id}/tracker")

    async def append(self, conversation_id: str, events: list[dict]) -> dict:
        """Add events; bot messages also reach the user's live channel (socket.io)."""
        return await self._call("POST", f"/conversations/{conversation_id}/tracker/events",
                                json=events, output_channel="latest",
                                execute_side_effects="true")

    async def say(self, conversation_id: str, text: str, agent: str) -> dict:
        return await self.append(conversation_id, [{
            "event": "bot", "text": text, "metadata": {"helpdesk_agent": agent}}])

    async def resume(self, conversation_id: str) -> dict:
        """Hand the conversation back: the bot listens again, as after any turn of its own
        (a paused conversation never ran its closing action_listen)."""
        return await self.append(conversation_id, [
            {"event": "resume"}, {"event": "action", "name": "action_listen"}])

    async def execute(self, conversation_id: str, action: str) -> dict:
        """Run `action` (e.g. a domain response) in the conversation; its messages reach the
        user's live channel. Rasa then listens again, as after any turn of its own."""
        result = await self._call("POST", f"/conversations/{conversation_id}/execute",
                                  json={"name": action}, output_channel="latest")
        await self._call("POST", f"/conversations/{conversation_id}/tracker/events",
                         json=[{"event": "action", "name": "action_listen"}])
        return result

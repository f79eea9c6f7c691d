"""The shape of the code: each layer imports only the layers below it.

Read from the source (every import, also those inside functions), so a shortcut across the
layers fails here before it can spread. The README's map describes the same rules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Each layer and the project layers it may import (besides itself).
ALLOWED = {
    "bot.domain": set(),
    "bot.config": {"bot.domain"},
    "bot.storage": {"bot.domain", "bot.config"},
    "bot.integrations": {"bot.domain", "bot.config"},
    "bot.services": {"bot.domain", "bot.config", "bot.storage", "bot.integrations"},
    "bot.rasa_ext": {"bot.domain", "bot.config"},
    "bot.apps": {"bot.domain", "bot.config", "bot.storage", "bot.integrations", "bot.services",
                 "bot.rasa_ext"},
    "bot.cli": {"bot.domain", "bot.config", "bot.storage", "bot.integrations", "bot.services",
                "bot.rasa_ext", "bot.apps"},
    "actions": {"bot.domain", "bot.config", "bot.services"},
    "evaluation": {"bot.domain", "bot.config", "bot.storage", "bot.integrations",
                   "bot.services", "bot.rasa_ext", "bot.apps"},
}
# Libraries a layer must not use: the domain stays pure, actions stay adapters.
FORBIDDEN_LIBRARIES = {
    "bot.domain": {"rasa", "rasa_sdk", "sanic", "sqlalchemy", "alembic", "psycopg2", "aiohttp",
                   "requests", "socketio", "jinja2"},
    "actions": {"sqlalchemy", "alembic", "psycopg2", "aiohttp", "requests"},
    "bot.services": {"rasa", "rasa_sdk", "sanic", "aiohttp", "jinja2"},
    "bot.storage": {"rasa", "rasa_sdk", "sanic", "aiohttp", "requests"},
}
PROJECT_PACKAGES = ("bot", "actions", "evaluation")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str | None:
    return next((layer for layer in sorted(ALLOWED, key=len, reverse=True)
                 if module == layer or module.startswith(layer + ".")), None)


def imported_modules(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
            if node.module in ("bot",):  # `from bot import storage` names a layer
                found += [f"bot.{alias.name}" for alias in node.names]
    return found


def sources() -> list[Path]:
    return sorted(path for package in PROJECT_PACKAGES for path in (ROOT / package).rglob("*.py"))


def violations() -> list[str]:
    found = []
    for path in sources():
        module = module_name(path)
        layer = layer_of(module)
        if module == "bot":
            continue  # the package's own docstring
        if layer is None:
            found.append(f"{module}: in no layer (bot/ holds only the layer packages)")
            continue
        for target in imported_modules(path):
            target_layer = layer_of(target)
            top = target.split(".")[0]
            if target_layer is None and top in ("bot", "actions", "evaluation"):
                found.append(f"{module} imports {target}, which is in no layer")
            elif target_layer and target_layer != layer and target_layer not in ALLOWED[layer]:
                found.append(f"{module} ({layer}) imports {target} ({target_layer})")
            elif top in FORBIDDEN_LIBRARIES.get(layer, ()):
                found.append(f"{module} ({layer}) imports the library {target}")
    return found


def test_every_layer_imports_only_the_layers_below_it():
    assert violations() == []


def test_the_rules_catch_a_shortcut():
    """The check itself: a domain module that reaches for the database is reported."""
    shortcut = ROOT / "bot" / "domain" / "_layering_probe.py"
    shortcut.write_text("from bot.storage.session import session_scope\nimport requests\n")
    try:
        found = violations()
    finally:
        shortcut.unlink()
    assert "bot.domain._layering_probe (bot.domain) imports bot.storage.session (bot.storage)" \
        in found
    assert "bot.domain._layering_probe (bot.domain) imports the library requests" in found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_every_layer_has_code(layer):
    path = ROOT.joinpath(*layer.split("."))
    assert list(path.rglob("*.py")), f"{layer} is empty"

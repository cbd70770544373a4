"""OpenAPI helpers shared by the faces: routes return pre-serialized bytes, these declare what they hold."""

from __future__ import annotations

from typing import Any


def documented(model: Any, description: str) -> dict[str, Any]:
    """A ``responses=`` entry: the body's pydantic model and what the status means."""
    return {"model": model, "description": description}

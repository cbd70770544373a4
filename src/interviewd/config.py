"""Settings read from the environment (prefix ``INTERVIEWD_``); nothing else reads os.environ."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of the server, each documented in the README."""

    model_config = SettingsConfigDict(env_prefix="INTERVIEWD_", extra="ignore")

    database_url: str = "sqlite:///./interviewd.db"
    smtp_url: str | None = None
    mail_from: str = "interviewd@localhost"
    conference_url_template: str = "https://meet.jit.si/interviewd-{token}"
    webhook_backoff: str = "60,900,3600,7200,14400,28800"
    worker_poll_seconds: float = 1.0
    worker_lease_seconds: float = 60.0
    rate_limit_per_10s: int = 1000
    mcp_key: str | None = None
    max_body_bytes: int = 1_048_576
    run_worker: bool = True
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "WARNING"

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("rate_limit_per_10s")
    @classmethod
    def _non_negative(cls, value: int) -> int:
        if value < 0:
            raise ValueError("INTERVIEWD_RATE_LIMIT_PER_10S must be 0 (off) or a positive number")
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()

"""Running wrk: a Load (what to send) becomes a Lua script; the output becomes a WrkResult."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.config import LUA_DIR

_MARK = "BENCH_JSON "


@dataclass(frozen=True)
class Load:
    """One request pattern: ``mode`` of ``lua/bench.lua`` against ``path`` with ``settings`` (ids, bodies...)."""

    mode: str
    path: str
    headers: dict[str, str]
    settings: dict[str, Any] = field(default_factory=dict)
    connections: int | None = None


@dataclass(frozen=True)
class WrkResult:
    """What one wrk run measured; latencies in milliseconds."""

    requests: int
    duration_s: float
    rps: float
    p50_ms: float
    p75_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float
    non_2xx: int
    socket_errors: dict[str, int]

    @classmethod
    def parse(cls, output: str) -> WrkResult:
        """The result from wrk's output (the ``BENCH_JSON`` line that ``done()`` prints)."""
        line = next((row for row in output.splitlines() if row.startswith(_MARK)), None)
        if line is None:
            raise RuntimeError(f"wrk printed no summary:\n{output}")
        raw = json.loads(line[len(_MARK):])
        seconds = raw["duration_us"] / 1e6
        return cls(requests=raw["requests"], duration_s=round(seconds, 3), rps=round(raw["requests"] / seconds, 2),
                   p50_ms=raw["p50_us"] / 1e3, p75_ms=raw["p75_us"] / 1e3, p90_ms=raw["p90_us"] / 1e3,
                   p99_ms=raw["p99_us"] / 1e3, max_ms=raw["max_us"] / 1e3, mean_ms=round(raw["mean_us"] / 1e3, 3),
                   non_2xx=raw["status"],
                   socket_errors={k: raw[k] for k in ("connect", "read", "write", "timeout") if raw[k]})

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON values."""
        return dict(self.__dict__)


Round = dict[str, WrkResult]


def lua_literal(value: Any) -> str:
    """``value`` (dicts, lists, strings, numbers, booleans) written as a Lua table constructor."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nil"
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"not a finite number: {value}")
        return repr(value)
    if isinstance(value, str):
        if not value.isascii():
            raise ValueError(f"Lua strings here must be ASCII: {value!r}")
        return json.dumps(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{lua_literal(str(k))}] = {lua_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "{" + ", ".join(lua_literal(v) for v in value) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as Lua")


def write_script(load: Load, path: Path, seed: int, tag: str) -> Path:
    """The Lua script for ``load``: its settings as ``CFG`` followed by ``lua/bench.lua``.

    ``tag`` prefixes the external_event_id of created interviews, so every run's are unique.
    """
    config = {"mode": load.mode, "headers": load.headers, "seed": seed, "prefix": tag, **load.settings}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"CFG = {lua_literal(config)}\n" + (LUA_DIR / "bench.lua").read_text())
    return path


def run(base: str, load: Load, *, script: Path, threads: int, connections: int, duration: float,
        timeout: str, tag: str, seed: int = 1) -> WrkResult:
    """Run wrk for ``duration`` seconds (whole seconds, at least 1) and return what it measured."""
    write_script(load, script, seed, tag)
    conns = load.connections or connections
    command = [wrk_binary(), f"-t{min(threads, conns)}", f"-c{conns}", f"-d{max(1, round(duration))}s",
               f"--timeout={timeout}", "--latency", "-s", str(script), base + load.path]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=duration + 120)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return WrkResult.parse(done.stdout)


def wrk_binary() -> str:
    """The wrk executable (``benchmarks/setup.sh`` installs it)."""
    found = shutil.which("wrk")
    if found is None:
        raise RuntimeError("wrk is not installed: run `bash benchmarks/setup.sh` (apt-get install -y wrk)")
    return found


def wrk_version() -> str:
    """wrk's version line."""
    done = subprocess.run([wrk_binary(), "-v"], capture_output=True, text=True, check=False)
    return (done.stdout or done.stderr).splitlines()[0].strip() if (done.stdout or done.stderr) else "unknown"

"""Rounds: each scenario's reference, then its measurements, back to back; the order rotates per round."""

from __future__ import annotations

import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import wrk
from benchmarks.config import Options
from benchmarks.scenarios import Measurement, Scenario
from benchmarks.servers import Server
from benchmarks.wrk import Load, Round, WrkResult


@dataclass
class Runner:
    """Runs measurements against the started ``servers``; scripts go to ``work_dir``."""

    servers: dict[str, Server]
    opts: Options
    work_dir: Path
    run_id: str
    drains: dict[str, float] = field(default_factory=dict)

    def measure(self, name: str, server: str, load: Load, duration: float, tag: str) -> WrkResult:
        """One wrk run; ``tag`` keeps created interviews' external_event_id unique across runs."""
        target = self.servers[server]
        safe = name.replace(":", "_")
        result = wrk.run(target.base, load, script=self.work_dir / "lua" / f"{safe}.lua", threads=self.opts.threads,
                         connections=self.opts.connections, duration=duration, timeout=self.opts.timeout,
                         tag=f"bench-{self.run_id}-{safe}-{tag}")
        status = f"  {name:<22} {result.rps:>10,.1f} req/s  p50 {result.p50_ms:8.2f} ms  p99 {result.p99_ms:8.2f} ms"
        if result.non_2xx or result.socket_errors or not result.requests:
            status += f"  !! {result.requests} requests, non-2xx {result.non_2xx}, socket errors {result.socket_errors}"
        drained = target.wait_idle()
        if drained > 1:
            self.drains[f"{name}@{tag}"] = round(drained, 1)
            status += f"  (busy {drained:.0f} s more with requests left in flight)"
        print(status, flush=True)
        return result

    def warm_up(self, scenarios: list[Scenario]) -> Round:
        """A short run of every measurement first, so that no round pays for cold caches and first imports."""
        if self.opts.warmup <= 0:
            return {}
        print(f"warm-up ({self.opts.warmup:g} s each)")
        return {m.name: self.measure(m.name, m.server, m.load, self.opts.warmup, "warmup")
                for scenario in scenarios for m in scenario.measurements}

    def rounds(self, scenarios: list[Scenario], reference: Load) -> list[Round]:
        """``opts.rounds`` rounds; in each, every scenario measures its reference and then itself."""
        out: list[Round] = []
        for number in range(self.opts.rounds):
            shift = number % max(1, len(scenarios))
            order = scenarios[shift:] + scenarios[:shift]
            print(f"round {number + 1}/{self.opts.rounds}: {' '.join(s.id for s in order)}")
            results: Round = {}
            for scenario in order:
                results[f"ref@{scenario.id}"] = self.measure(f"ref@{scenario.id}", scenario.reference, reference,
                                                             self.opts.duration, f"r{number}")
                for m in scenario.measurements:
                    results[m.name] = self.measure(m.name, m.server, m.load, self.opts.duration, f"r{number}")
            out.append(results)
        return out

    def mixed(self, measurement: Measurement, duration: float) -> dict[str, Any]:
        """B10: ``duration`` seconds of mixed load while the server's resident memory is sampled every second."""
        server = self.servers[measurement.server]
        samples: list[tuple[float, int]] = []
        box: dict[str, WrkResult] = {}
        failure: list[BaseException] = []

        def load() -> None:
            try:
                box["result"] = self.measure(measurement.name, measurement.server, measurement.load, duration, "mix")
            except BaseException as exc:  # re-raised in the caller's thread
                failure.append(exc)

        print(f"B10: {duration:g} s mixed load, RSS sampled every second")
        worker = threading.Thread(target=load, daemon=True)
        started = time.monotonic()
        worker.start()
        while worker.is_alive():
            samples.append((round(time.monotonic() - started, 2), server.rss_kib()))
            worker.join(timeout=1.0)
        if failure:
            raise failure[0]
        return {"result": box["result"], "rss_kib": samples, **rss_growth(samples, duration)}


def rss_growth(samples: list[tuple[float, int]], duration: float) -> dict[str, Any]:
    """Average RSS over the first and the last window (10 s, or a quarter of a short run) and the growth."""
    window = min(10.0, duration / 4)
    first = [kib for t, kib in samples if t <= window]
    last = [kib for t, kib in samples if duration - window <= t <= duration]
    if not first or not last:
        return {"rss_window_s": window, "rss_first_kib": None, "rss_last_kib": None, "rss_growth": None}
    a, b = statistics.fmean(first), statistics.fmean(last)
    return {"rss_window_s": window, "rss_first_kib": round(a), "rss_last_kib": round(b), "rss_growth": b / a - 1}

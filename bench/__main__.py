"""``python -m bench``: run the benchmarks and print one table of ratios to baselines.

    python -m bench                      # small district, everything (a few minutes)
    python -m bench --only capture,scale # some benchmarks only
    python -m bench --scale full         # 50 schools, 200,000 visits, 2,000,000 notes
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
from pathlib import Path

from .generate import SCALES, ensure_database
from .stats import Result
from .table import render, save_json
from .terminal import TerminalUnavailable

BENCHMARKS = ("startup", "capture", "scale", "memory", "serve", "capture_page")
REPO = Path(__file__).resolve().parent.parent


def _served_benchmarks(args: argparse.Namespace, folder: Path, env: dict[str, str], say) -> list[Result]:
    """The serve and capture page benchmarks that were asked for (each skipped, saying why,
    where serving cannot be measured here)."""
    from . import capture_page, served

    def counts(text: str) -> tuple[int, ...]:
        return tuple(int(n) for n in text.split(",") if n.strip())

    chosen = (
        ("serve", "serve", "the UI served to browsers and observers over websockets",
         lambda: served.run(folder, env, args.runs, counts(args.observers), args.serve_seconds)),
        ("capture_page", "capture page", "beside the served Textual UI",
         lambda: capture_page.run(folder, env, args.runs, counts(args.page_observers), args.page_seconds)),
    )
    results: list[Result] = []
    for name, title, what, measure in chosen:
        if name not in args.only:
            continue
        say(f"{title}: {what} ...")
        try:
            results += measure()
        except served.ServeUnavailable as error:
            say(f"{title}: skipped ({error})")
    return results


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small",
                        help="district size for the scale and memory benchmarks (default: small)")
    parser.add_argument("--only", default=",".join(BENCHMARKS),
                        help=f"comma-separated benchmarks to run (default: {','.join(BENCHMARKS)})")
    parser.add_argument("--runs", type=int, default=5, help="start-up runs of each program (default: 5)")
    parser.add_argument("--samples", type=int, default=500, help="notes timed per capture path (default: 500)")
    parser.add_argument("--repeat", type=int, default=5, help="calls per timed report (default: 5)")
    parser.add_argument("--workdir", type=Path, default=REPO / "bench" / "results",
                        help="where district databases are kept between runs, and results written")
    parser.add_argument("--observers", default="1,2,4,8,12,16",
                        help="observer counts the serve benchmark tries, in order (default: 1,2,4,8,12,16)")
    parser.add_argument("--serve-seconds", type=float, default=20,
                        help="seconds each count of observers types notes (default: 20)")
    parser.add_argument("--page-observers", default="1,10,30,100",
                        help="observer counts the capture page benchmark tries (default: 1,10,30,100)")
    parser.add_argument("--page-seconds", type=float, default=45,
                        help="seconds each count of capture-page observers works, a note every 15 s (default: 45)")
    parser.add_argument("--regenerate", action="store_true", help="make the district database again")
    parser.add_argument("--no-dataset", action="store_true",
                        help="leave out the Parquet export of the district and the DuckDB roll-up over it")
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)} (choose from {', '.join(BENCHMARKS)})")
    args.only = [name for name in BENCHMARKS if name in chosen]
    if args.page_seconds < 30:
        parser.error(f"--page-seconds {args.page_seconds:g}: at least 30 (an observer writes a note about every 15 s)")
    return args


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import sqlite3

    import textual

    return {"cpus": os.cpu_count(), "cpu": cpu or platform.processor(), "system": platform.platform(),
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "textual": getattr(textual, "__version__", ""), "date": dt.date.today().isoformat()}


def _isolated_env(folder: Path) -> dict[str, str]:
    """Locations for every program the benchmarks start: nothing of the user's is read."""
    return {"CLASSWALK_CONFIG_DIR": str(folder / "config"), "CLASSWALK_PROTOCOL_PATH": "",
            "CLASSWALK_DB": str(folder / "startup.db"), "HOME": str(folder / "home"),
            "XDG_CONFIG_HOME": str(folder / "home" / ".config"),
            "XDG_DATA_HOME": str(folder / "home" / ".local" / "share"), "PYTHONPATH": str(REPO)}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scale = SCALES[args.scale]
    args.workdir.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    header = [f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}; "
              "each figure is a ratio to a baseline measured in this run"]
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="classwalk-bench-") as scratch:
        folder = Path(scratch)
        env = _isolated_env(folder)
        os.environ.update({k: v for k, v in env.items() if k.startswith("CLASSWALK_") and k != "CLASSWALK_DB"})
        if "startup" in args.only:
            from classwalk.api import Classwalk
            from classwalk.features.demo.school import seed_demo

            demo = Classwalk(db_path=env["CLASSWALK_DB"])
            seed_demo(demo)
            demo.close()
            say(f"startup: {args.runs} runs each in tmux ...")
            from . import startup

            results += _guarded("startup", lambda: startup.run(env, args.runs))
        if "capture" in args.only:
            from . import capture

            say(f"capture: {args.samples} notes per path ...")
            results += capture.run(folder, args.samples)
        if "scale" in args.only or "memory" in args.only:
            db_path, info = ensure_database(args.workdir, scale, args.regenerate, progress=say)
            say(f"district database: {db_path} (made in {info['seconds']:,} s)")
            header.append(f"district ({scale.name}): {scale.schools} schools, {scale.visits:,} visits, "
                          f"{scale.evidence:,} notes; made through Store.save_many in {info['seconds']:,} s")
            if "scale" in args.only:
                from . import scale as scale_bench

                say("scale: reports over the district ...")
                results += scale_bench.run(db_path, scale, args.repeat, dataset=not args.no_dataset)
            if "memory" in args.only:
                from . import memory

                say("memory: the TUI on the district database ...")
                results += _guarded("memory", lambda: memory.run(db_path, env))
        results += _served_benchmarks(args, folder, env, say)
    print("\n".join(header))
    print(render(results))
    chosen = "" if args.only == list(BENCHMARKS) else "-" + "-".join(args.only)
    out = args.workdir / f"results-{scale.name}{chosen}.json"
    save_json(results, out, machine())
    say(f"\nsaved {out}")
    return 0 if results else 1


def _guarded(name: str, run) -> list[Result]:
    try:
        return run()
    except TerminalUnavailable as error:
        print(f"{name}: skipped ({error})", file=sys.stderr)
        return []


if __name__ == "__main__":
    sys.exit(main())

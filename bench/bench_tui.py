"""TUI benchmarks: first frame, search keystroke, peak memory.

    python bench/bench_tui.py [--runs N] [--keys N]

1. First frame: process start to the first frame of `alnco` (home screen,
   with a profile so no onboarding) and of a minimal Textual app (Header,
   DataTable, Footer), both in a real pseudo-terminal, interleaved, median of
   many runs. Target: alnco <= 1.15x the minimal app.
2. Search keystroke: with a generated 5,000-module catalogue, the time from a
   key event reaching the app to the frame that shows the new results (the
   compositor update, serialised as a terminal would get it). An Input-only
   app's key-to-echo time is the baseline. Target: within one frame at 60 fps
   (median <= 16.7 ms) while the search itself is fast.
3. Peak RSS of `alnco` (after its home screen has loaded its data) against the
   minimal app, from the kernel's rusage of each child. Target: <= 1.3x.

It prints figures and ratios; it never fails on a number.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import random
import select
import statistics
import struct
import sys
import tempfile
import termios
import textwrap
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

MINIMAL_APP = textwrap.dedent(
    """
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header

    class Minimal(App):
        TITLE = "minimal"
        BINDINGS = [("q", "quit", "Quit")]

        def compose(self):
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self):
            table = self.query_one(DataTable)
            table.add_columns("Date", "Title", "Hours")
            table.add_row("3 Nov 2026", "ALN Code essentials", "3")

    Minimal().run()
    """
)


# ------------------------------------------------------------ pseudo-terminal
def cpu_seconds(pid: int) -> float | None:
    """CPU time used so far by all of `pid`'s threads (Linux schedstat, in ns), or None.

    Unlike the wall clock this hardly moves when other processes share the CPUs,
    so it is the steadier figure on a busy machine."""
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as handle:
                total += int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return total / 1e9


def run_in_pty(cmd, env, marker: bytes, *, dwell: float = 0.0, cols=80, rows=24, timeout=30.0,
               cpu: list | None = None):
    """Spawn `cmd` on a pty; return (seconds until `marker` was drawn, peak RSS in KiB).

    After the marker, wait `dwell` seconds (background loading), then send
    ctrl+q and reap the child with wait4 for its rusage. `cpu`, if given, gets
    the child's CPU seconds when the marker was seen appended (if the system says).
    """
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child: the pty is its terminal
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        os.close(master)
        os.execvpe(cmd[0], cmd, env)
    os.close(slave)
    seen = b""
    first = None
    deadline = start + timeout
    while time.perf_counter() < deadline:
        ready, _w, _x = select.select([master], [], [], 0.01)
        if ready:
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            if first is None:
                seen = (seen + chunk)[-4096:]
                if marker in seen:
                    first = time.perf_counter() - start
                    if cpu is not None:
                        cpu.append(cpu_seconds(pid))
        if first is not None and time.perf_counter() - start - first >= dwell:
            break
    usage = quit_and_reap(pid, master, 10)
    os.close(master)
    if first is None:
        raise RuntimeError(f"{cmd[-1]!r} never drew {marker!r}")
    return first, usage.ru_maxrss


def quit_and_reap(pid: int, master: int, seconds: float, name: str = "") -> os.struct_rusage:
    """Send ctrl+q on the pty, keep draining it (a full pty would stall the app's
    last frames), and reap the child for its rusage; kill it after `seconds`."""
    try:
        os.write(master, b"\x11")  # ctrl+q
    except OSError:
        pass
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        done, _status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return usage
        ready, _w, _x = select.select([master], [], [], 0.02)
        if ready:
            try:
                os.read(master, 1 << 16)
            except OSError:
                pass
    if name:
        print(f"  ({name} did not exit within {seconds:g} s of ctrl+q: killed)", file=sys.stderr)
    os.kill(pid, 9)
    return os.wait4(pid, 0)[2]


def prepare_record(folder: Path) -> dict[str, str]:
    """A record with a profile and some learning, and env pointing alnco at it."""
    from alnco.model import Entry, Profile
    from alnco.store.record import Record

    record = Record(folder / "record.json")
    with record.transaction() as tx:
        tx.set_profile(Profile(name="Bench", setting="school", designated_on=date(2025, 9, 1)))
        for i in range(40):
            tx.add(Entry(title=f"Learning {i}", date=date(2026, 1 + i % 10, 1 + i % 27),
                         hours=Decimal("1.5"), tasks=("a", "c")))
    env = dict(os.environ)
    env.update(
        ALNCO_RECORD=str(folder / "record.json"),
        ALNCO_TODAY="2026-11-03",
        ALNCO_SYSTEM_DIR=str(folder / "etc"),
        XDG_DATA_HOME=str(folder / "data"),
        TERM="xterm-256color",
        COLORTERM="truecolor",
        LANG="C.UTF-8",
    )
    env.pop("NO_COLOR", None)
    env.pop("TEXTUAL", None)
    return env


def bench_startup(runs: int, dwell: float) -> None:
    try:
        import alnco.tui.app  # noqa: F401
    except ImportError:
        print("first frame / memory: skipped (alnco.tui.app is not on this branch yet)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = prepare_record(folder)
        minimal = folder / "minimal_app.py"
        minimal.write_text(MINIMAL_APP)
        apps = {
            # the nav bar's "alnco" label and the minimal footer's "Quit" are
            # both drawn in the first full frame
            "alnco": ([sys.executable, "-m", "alnco"], b"Quit"),
            "minimal": ([sys.executable, str(minimal)], b"Quit"),
        }
        for cmd, marker in apps.values():  # warm the page cache and .pyc files
            run_in_pty(cmd, env, marker)
        frames: dict[str, list[float]] = {name: [] for name in apps}
        cpu: dict[str, list] = {name: [] for name in apps}
        for _ in range(runs):
            for name, (cmd, marker) in apps.items():
                frames[name].append(run_in_pty(cmd, env, marker, cpu=cpu[name])[0])
        rss: dict[str, list[int]] = {name: [] for name in apps}
        for _ in range(max(3, runs // 4)):
            for name, (cmd, marker) in apps.items():
                rss[name].append(run_in_pty(cmd, env, marker, dwell=dwell)[1])
    a, m = statistics.median(frames["alnco"]), statistics.median(frames["minimal"])
    print(f"first frame, median of {runs}: alnco {a * 1000:.0f} ms, minimal app {m * 1000:.0f} ms,"
          f" ratio {a / m:.2f}x (target <= 1.15x)")
    print(f"  alnco p90 {quantile(frames['alnco'], 0.9) * 1000:.0f} ms,"
          f" minimal p90 {quantile(frames['minimal'], 0.9) * 1000:.0f} ms")
    if all(None not in cpu[name] for name in apps):
        ca, cm = statistics.median(cpu["alnco"]), statistics.median(cpu["minimal"])
        print(f"  CPU time to the first frame (steadier on a shared machine): alnco"
              f" {ca * 1000:.0f} ms, minimal app {cm * 1000:.0f} ms, ratio {ca / cm:.2f}x")
    ra, rm = statistics.median(rss["alnco"]), statistics.median(rss["minimal"])
    print(f"peak RSS after {dwell:.1f} s on the home screen: alnco {ra / 1024:.1f} MiB,"
          f" minimal app {rm / 1024:.1f} MiB, ratio {ra / rm:.2f}x (target <= 1.3x)")


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# ------------------------------------------------------------ search keystroke
WORDS_EN = ("support", "assessment", "inclusion", "literacy", "dyslexia", "autism", "planning",
            "person-centred", "transition", "speech", "language", "behaviour", "wellbeing",
            "numeracy", "sensory", "co-ordination", "provision", "review", "leadership",
            "practice", "early", "years", "post-16", "family", "engagement", "data")
WORDS_CY = ("cefnogaeth", "asesu", "cynhwysiant", "llythrennedd", "dyslecsia", "awtistiaeth",
            "cynllunio", "pontio", "lleferydd", "iaith", "ymddygiad", "lles", "rhifedd",
            "synhwyraidd", "darpariaeth", "adolygu", "arweinyddiaeth", "ymarfer", "teulu", "ŵyl")
PROVIDERS = tuple(f"Provider {name}" for name in (
    "Cardiff", "Gwynedd", "Powys", "Swansea", "Newport", "Wrexham", "Conwy", "Ceredigion",
    "Pembrokeshire", "Bridgend", "Torfaen", "Monmouthshire", "Anglesey", "Denbighshire"))
THEMES = ("ALN Code", "IDP", "literacy", "inclusion", "wellbeing", "leadership", "transition",
          "data", "speech and language", "behaviour", "sensory", "family engagement")


def generated_modules(n: int = 5000):
    from alnco.catalogue.model import LEVELS, MODES, Module

    rnd = random.Random(20261103)
    modules = []
    for i in range(n):
        en = " ".join(rnd.choice(WORDS_EN) for _ in range(rnd.randint(3, 6))).capitalize()
        cy = " ".join(rnd.choice(WORDS_CY) for _ in range(rnd.randint(3, 6))).capitalize()
        summary = " ".join(rnd.choice(WORDS_EN) for _ in range(20))
        modules.append(Module(
            id=f"gen-{i:05d}", title={"en": f"{en} {i}", "cy": f"{cy} {i}"},
            summary={"en": summary, "cy": " ".join(rnd.choice(WORDS_CY) for _ in range(20))},
            provider=rnd.choice(PROVIDERS), mode=rnd.choice(MODES), level=rnd.choice(LEVELS),
            hours=Decimal(rnd.choice(("0.5", "1", "1.5", "2", "3", "6", "12"))),
            tasks=tuple(sorted(rnd.sample("abcdefgh", rnd.randint(1, 3)))),
            themes=tuple(rnd.sample(THEMES, 2)), languages=rnd.choice((("en",), ("en", "cy"))),
        ))
    return modules


QUERIES = ("support", "asesu", "dyslexia plan", "ŵyl", "provider gwynedd", "inclus", "leader")


def keystrokes(count: int) -> list[str]:
    """Type each query a key at a time, then delete it: every key changes the results."""
    keys: list[str] = []
    while len(keys) < count:
        for query in QUERIES:
            keys.extend(query)
            keys.extend(["backspace"] * len(query))
    return keys[:count]


def key_event(key: str):
    from textual import events
    from textual.keys import _character_to_key

    if key == "backspace":
        return events.Key("backspace", None)
    name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
    return events.Key(name, key)


async def time_keys(app, keys: list[str], *, ready, changes) -> list[float]:
    """For each key: time from sending it to the first frame drawn after `changes`
    saw the change land (the frame serialised as a terminal would receive it)."""
    from textual._compositor import CompositorUpdate

    frames: list[float] = []
    original = app._display

    def display(screen, renderable):
        original(screen, renderable)
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)
            frames.append(time.perf_counter())

    app._display = display
    times = []
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        driver = app._driver
        for key in keys:
            await asyncio.sleep(0.13)  # a person's typing pace, past the debounce window
            seen = changes.count
            frames.clear()
            start = time.perf_counter()
            driver.send_message(key_event(key))
            took = None  # stays None if no frame showed the change within 2 s
            while took is None and time.perf_counter() - start < 2.0:
                await asyncio.sleep(0.0005)
                if changes.count != seen:
                    after = [f for f in frames if f >= changes.at]
                    took = after[0] - start if after else None
            times.append(took)
    return times


class Changes:
    """When the thing a keystroke should change last changed, and how often."""

    def __init__(self) -> None:
        self.count = 0
        self.at = 0.0

    def mark(self) -> None:
        self.count += 1
        self.at = time.perf_counter()


def bench_search(count: int) -> None:
    from textual.app import App
    from textual.widgets import Input

    from alnco.catalogue.catalogue import Catalogue
    from alnco.context import Context
    from alnco.tui.screens.catalogue import CatalogueScreen
    from alnco.tui.widgets.module_list import ModuleList

    keys = keystrokes(count)

    echo = Changes()

    class EchoApp(App):
        def compose(self):
            yield Input()

        def on_input_changed(self, event):
            echo.mark()

    async def input_ready(pilot):
        pilot.app.query_one(Input).focus()
        await pilot.pause()

    baseline = [t for t in asyncio.run(time_keys(EchoApp(), keys, ready=input_ready,
                                                 changes=echo)) if t is not None]

    with tempfile.TemporaryDirectory() as tmp:
        ctx = Context.from_options(record=str(Path(tmp) / "record.json"), today="2026-11-03",
                                   lang="en", environ={"ALNCO_SYSTEM_DIR": tmp})
        started = time.perf_counter()
        catalogue = Catalogue.from_modules(generated_modules())
        built = time.perf_counter() - started
        results = Changes()

        class BenchApp(App):
            MODES = {"catalogue": CatalogueScreen}

            def __init__(self):
                super().__init__()
                self.ctx, self.catalogue = ctx, catalogue
                self.snapshot = ctx.record.read()

            def on_mount(self):
                self.switch_mode("catalogue")

            def action_log_module(self, module_id, status="completed"):
                pass

        async def catalogue_ready(pilot):
            for _ in range(200):
                await pilot.pause(0.02)
                screen = pilot.app.screen
                if isinstance(screen, CatalogueScreen) and screen.catalogue is not None:
                    break
            widget = screen.query_one(ModuleList)
            original = widget.set_modules

            def counting(modules, **kw):
                original(modules, **kw)
                results.mark()

            widget.set_modules = counting
            screen.query_one("#search").focus()  # as after pressing `/`
            await pilot.pause()

        per_key = asyncio.run(time_keys(BenchApp(), keys, ready=catalogue_ready, changes=results))
    timed = [t for t in per_key if t is not None]
    print(f"search keystroke, {len(catalogue)} modules (index built in {built * 1000:.0f} ms),"
          f" {len(timed)} of {len(keys)} keys painted: median {statistics.median(timed) * 1000:.1f} ms,"
          f" p90 {quantile(timed, 0.9) * 1000:.1f} ms (target median <= 16.7 ms, one frame)")
    typed = [t for t, key in zip(per_key, keys) if t is not None and key != "backspace"]
    deleted = [t for t, key in zip(per_key, keys) if t is not None and key == "backspace"]
    print(f"  typing (a new search each key): median {statistics.median(typed) * 1000:.1f} ms,"
          f" p90 {quantile(typed, 0.9) * 1000:.1f} ms; backspace (recent answers reused):"
          f" median {statistics.median(deleted) * 1000:.1f} ms")
    print(f"  Input-only app, key to echo: median {statistics.median(baseline) * 1000:.1f} ms,"
          f" p90 {quantile(baseline, 0.9) * 1000:.1f} ms;"
          f" ratio {statistics.median(timed) / statistics.median(baseline):.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="first-frame runs per app")
    parser.add_argument("--keys", type=int, default=120, help="keystrokes to time")
    parser.add_argument("--dwell", type=float, default=1.5, help="seconds before measuring RSS")
    parser.add_argument("--only", choices=("startup", "search"))
    args = parser.parse_args()
    if args.only != "search":
        bench_startup(args.runs, args.dwell)
    if args.only != "startup":
        bench_search(args.keys)


if __name__ == "__main__":
    main()

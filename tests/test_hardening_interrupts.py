"""Interrupted and concurrent runs (issue 13, item 5).

A loop of kill points: stitch, discover, audit and export on the example chain
are stopped with SIGINT, SIGTERM or SIGKILL at several moments (start-up, early,
middle, late). After each stop every output is the previous complete one, a
complete new one or absent: never partial, never a mix of old and new files.
SIGINT and SIGTERM end in one line and exit 130/143, with no traceback and no
temporary file left behind. Two runs writing the same output: the second
refuses with one line; a lock left by a dead run does not block.

The loop is bounded: each command is timed once and stopped at fixed fractions
of that time (about a minute in all on the 2-core build machine).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

#: Kill points: one at start-up (seconds after the entry point set up its stop handlers:
#: the command line and its libraries are loading), two at shares of the run.
STARTUP = (0.0,)
FRACTIONS = (0.5, 0.9)
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGKILL)
EPOCH = {"SOURCE_DATE_EPOCH": "1735689600"}  # outputs byte-identical from run to run


def _km(*args: str) -> list[str]:
    return [sys.executable, "-m", "ketenmining", *args]


def _env() -> dict[str, str]:
    env = dict(os.environ, **EPOCH)
    env.pop("KETENMINING_DEBUG", None)
    return env


def _wait_for_handlers(pid: int, timeout: float = 60.0) -> None:
    """Wait until the process catches SIGTERM (Linux: ``SigCgt`` in /proc): the entry point
    has set up its handlers, so the interpreter's own start-up is over."""
    bit = 1 << (signal.SIGTERM - 1)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            return  # already gone
        caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
        if int(caught.split()[1], 16) & bit:
            return
        time.sleep(0.002)


def _snapshot(target: Path) -> dict[str, str] | None:
    """Hash of every visible file of an output (a file or a folder), or None if absent."""
    if not target.exists():
        return None
    if target.is_file():
        files = [target]
        base = target.parent
    else:
        files = [p for p in target.rglob("*") if p.is_file()]
        base = target
    siblings = [
        p
        for p in target.parent.glob(target.name.removesuffix(".parquet") + ".*")
        if p.is_file() and p != target and target.is_file()
    ]
    out = {}
    for path in sorted(files + siblings):
        rel = str(path.relative_to(base if path in files else target.parent))
        if not any(part.startswith(".") for part in Path(rel).parts):
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _hidden_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*") if p.name.endswith((".part", ".lock")))


@pytest.fixture(scope="module")
def chain(tmp_path_factory) -> dict[str, object]:
    """The example chain, two chain logs (episode gap 12 and 6 months) and, for each
    command, a complete output from the 6-month log ("previous") and the time and
    complete output of the same command on the 12-month log ("new")."""
    tmp = tmp_path_factory.mktemp("kill")
    env = _env()
    subprocess.run(_km("example", str(tmp / "demo"), "-q"), check=True, env=env)
    demo = tmp / "demo"
    (demo / "demo.key").chmod(0o600)
    six = demo / "keten6.yaml"
    six.write_text(
        (demo / "keten.yaml")
        .read_text(encoding="utf-8")
        .replace("gap: 12 months", "gap: 6 months"),
        encoding="utf-8",
    )
    key = ["--key-file", str(demo / "demo.key"), "--internal"]
    for config, name in ((demo / "keten.yaml", "new"), (six, "old")):
        subprocess.run(
            _km("stitch", str(config), *key, "-o", str(tmp / name / "keten.parquet"), "-q"),
            check=True,
            env=env,
        )
    protocol = str(demo / "meldcode-keten.yaml")

    def commands(log: Path) -> dict[str, list[str]]:
        """Each command, its output relative to the working folder (the audit record
        names the output folder as it was given, so every run gives it the same)."""
        out = Path(".")
        return {
            "stitch": _km(
                "stitch", str(demo / "keten.yaml"), *key, "-o", str(out / "keten.parquet")
            ),
            "discover": _km(
                "discover", str(log), "-o", str(out / "kaarten"), "--format", "json,dot,pnml"
            ),
            "audit": _km("audit", str(log), "--protocol", protocol, "-o", str(out / "rapport")),
            "export": _km("export", str(log), "-o", str(out / "keten.xes.gz")),
        }

    targets = {
        "stitch": "keten.parquet",
        "discover": "kaarten",
        "audit": "rapport",
        "export": "keten.xes.gz",
    }
    previous, new, seconds = {}, {}, {}
    for name in targets:
        out_old, out_new = tmp / "prev" / name, tmp / "ref" / name
        old_cmd = commands(tmp / "old" / "keten.parquet")[name]
        if name == "stitch":
            old_cmd = [six.as_posix() if a.endswith("keten.yaml") else a for a in old_cmd]
        out_old.mkdir(parents=True)
        out_new.mkdir(parents=True)
        subprocess.run([*old_cmd, "-q"], check=True, env=env, cwd=out_old)
        previous[name] = _snapshot(out_old / targets[name])
        start = time.perf_counter()
        done = subprocess.run(
            [*commands(tmp / "new" / "keten.parquet")[name], "-q"], env=env, cwd=out_new
        )
        seconds[name] = time.perf_counter() - start
        assert done.returncode in (0, 1)
        new[name] = _snapshot(out_new / targets[name])
        assert new[name] and previous[name] and new[name] != previous[name], name
    return {
        "tmp": tmp,
        "commands": commands,
        "targets": targets,
        "previous": previous,
        "new": new,
        "seconds": seconds,
    }


@pytest.mark.slow
def test_a_stopped_run_leaves_the_previous_output_or_a_complete_new_one(chain) -> None:
    tmp: Path = chain["tmp"]  # type: ignore[assignment]
    env = _env()
    tally: dict[str, int] = {}
    for name, target_name in chain["targets"].items():  # type: ignore[union-attr]
        for i, fraction in enumerate(STARTUP + FRACTIONS):
            for sig in SIGNALS:
                run_dir = tmp / f"run-{name}-{i}-{sig.name}"
                with_previous = (i + sig) % 2 == 0
                if with_previous:
                    shutil.copytree(tmp / "prev" / name, run_dir)
                else:
                    run_dir.mkdir()
                cmd = chain["commands"](tmp / "new" / "keten.parquet")[name]  # type: ignore[operator]
                proc = subprocess.Popen(
                    [*cmd, "-q"],
                    env=env,
                    cwd=run_dir,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
                if i < len(STARTUP):
                    _wait_for_handlers(proc.pid)
                    delay = fraction
                else:
                    delay = fraction * chain["seconds"][name]  # type: ignore[index]
                time.sleep(delay)
                sent = proc.poll() is None
                if sent:
                    proc.send_signal(sig)
                _, err = proc.communicate(timeout=120)
                err = err.decode("utf-8", "replace")
                what = (
                    f"{name} {sig.name} at {'start-up' if i < len(STARTUP) else f'{delay:.2f} s'}"
                )
                assert "Traceback" not in err and "internal error" not in err, (what, err)
                if not sent or proc.returncode in (0, 1):
                    outcome = "finished"
                elif sig == signal.SIGKILL:
                    assert proc.returncode == -signal.SIGKILL, (what, proc.returncode)
                    outcome = "killed"
                else:
                    assert proc.returncode == 128 + sig, (what, proc.returncode, err)
                    lines = err.strip().splitlines()
                    assert len(lines) == 1 and lines[0].startswith("error: interrupted"), (
                        what,
                        err,
                    )
                    assert _hidden_leftovers(run_dir) == [], (what, _hidden_leftovers(run_dir))
                    outcome = "stopped"
                state = _snapshot(run_dir / target_name)
                allowed = [chain["new"][name], chain["previous"][name] if with_previous else None]  # type: ignore[index]
                assert state in allowed, (what, with_previous, state)
                kept = "new" if state == allowed[0] else ("previous" if state else "absent")
                key = f"{outcome}/{kept}"
                tally[key] = tally.get(key, 0) + 1
    print("kill points:", sum(tally.values()), dict(sorted(tally.items())))
    assert sum(tally.values()) == len(chain["targets"]) * len(STARTUP + FRACTIONS) * len(SIGNALS)  # type: ignore[arg-type]
    assert tally.get("stopped/previous", 0) + tally.get("stopped/absent", 0) > 0


def test_a_second_run_on_the_same_output_refuses(chain) -> None:
    tmp: Path = chain["tmp"]  # type: ignore[assignment]
    out = tmp / "busy"
    env = _env()
    cmd = chain["commands"](tmp / "new" / "keten.parquet")["audit"]  # type: ignore[operator]
    out.mkdir()
    first = subprocess.Popen([*cmd, "-q"], env=env, cwd=out, stderr=subprocess.PIPE)
    lock = out / ".rapport.lock"
    deadline = time.monotonic() + 60
    while not lock.exists() and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert lock.exists(), "the first run never took the lock"
    second = subprocess.run([*cmd, "-q"], env=env, cwd=out, capture_output=True, text=True)
    assert first.poll() is None, "the first run ended before the second was refused"
    assert second.returncode == 2, second.stderr
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1, second.stderr
    assert "rapport is being written by another ketenmining run" in lines[0]
    assert f"(pid {first.pid})" in lines[0] and "choose another -o" in lines[0]
    assert first.wait(timeout=120) in (0, 1)
    assert _snapshot(out / "rapport") == chain["new"]["audit"]  # type: ignore[index]
    assert not lock.exists()


def test_a_lock_left_by_a_dead_run_does_not_block(chain) -> None:
    tmp: Path = chain["tmp"]  # type: ignore[assignment]
    out = tmp / "stale"
    out.mkdir()
    dead = subprocess.Popen(["true"])
    dead.wait()
    (out / ".keten.xes.gz.lock").write_text(f"{dead.pid}\n", encoding="ascii")
    cmd = chain["commands"](tmp / "new" / "keten.parquet")["export"]  # type: ignore[operator]
    done = subprocess.run([*cmd, "-q"], env=_env(), cwd=out, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _snapshot(out / "keten.xes.gz") == chain["new"]["export"]  # type: ignore[index]
    assert not (out / ".keten.xes.gz.lock").exists()


STOP_IN_A_CALLBACK = """
import os, signal, sys, time, weakref
from ketenmining.stop import Interrupted, install_stop_handlers
install_stop_handlers()
class A: pass
def callback(ref):  # Python reports an exception raised here as "ignored"
    os.kill(os.getpid(), signal.SIGTERM)
    for _ in range(100000): pass
a = A(); r = weakref.ref(a, callback)
try:
    del a
    start = time.monotonic()
    while time.monotonic() - start < 10: pass
    print("not stopped")
except Interrupted as exc:
    print("stopped", exc.signum)
"""


def test_a_stop_raised_where_python_ignores_exceptions_still_stops_the_run() -> None:
    done = subprocess.run(
        [sys.executable, "-c", STOP_IN_A_CALLBACK], capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == f"stopped {int(signal.SIGTERM)}", done
    assert "Traceback" not in done.stderr and "ignored" not in done.stderr, done.stderr


def test_a_stop_while_outputs_move_into_place_waits_until_all_have_moved(
    tmp_path: Path, monkeypatch
) -> None:
    import ketenmining.stop as stop
    from ketenmining.fsutil import atomic_dir
    from ketenmining.stop import Interrupted, install_stop_handlers

    # this process is pytest's: the record of stops and the unraisable hook go back after
    monkeypatch.setattr(stop, "_received", [])
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    target = tmp_path / "out"
    target.mkdir()
    (target / "a.txt").write_text("old")
    (target / "b.txt").write_text("old")
    real = os.replace

    def replace_then_stop(src, dst):  # Ctrl-C right after a file moved
        real(src, dst)
        os.kill(os.getpid(), signal.SIGINT)

    try:
        install_stop_handlers()
        with pytest.raises(Interrupted), atomic_dir(target) as tmp:
            (tmp / "a.txt").write_text("new")
            (tmp / "b.txt").write_text("new")
            monkeypatch.setattr(os, "replace", replace_then_stop)
    finally:
        monkeypatch.setattr(os, "replace", real)
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    assert (target / "a.txt").read_text() == "new" and (target / "b.txt").read_text() == "new"

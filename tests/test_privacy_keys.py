"""Keys with real entropy, key files only others cannot read, and no key as a command-line value.

Issue 13, item 3: a key of 40 spaces or any 32-character text was accepted and keys readable
by others only warned. These tests try the weak keys a hurried user would make, check that
every command refuses them in one line naming the file, and walk every click command to show
that no parameter can carry a key value (a key only comes from a file, or an environment
variable naming a file), so it cannot show up in ``ps`` or a shell history.
"""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from support import EXAMPLE, private_copy, strong_key, write_key_file

from ketenmining.cli import main
from ketenmining.errors import KetenError
from ketenmining.privacy.pseudonym import key_weakness, read_key, require_strong_key

#: Weak keys, as text in a key file, and why each must be refused.
WEAK = {
    "40 spaces": b" " * 40,
    "32 characters of text": b"Dit is onze geheime ketensleutel",
    "a sentence of 64 characters": b"correct horse battery staple correct horse battery staple 123456",
    "short hex (16 bytes)": secrets.token_hex(16).encode(),
    "40 times k": b"k" * 40,
    "64 times a (hex of one byte)": b"a" * 64,
    "repeated 8-byte hex pattern": b"0123456789abcdef" * 4,
    "counting bytes": bytes(range(32)).hex().encode(),
    "base64 of 32 zero bytes": base64.b64encode(bytes(32)),
    "non-ASCII text": "sleutel-é".encode() * 8,
    "empty": b"",
}


@pytest.mark.parametrize("text", list(WEAK.values()), ids=list(WEAK))
def test_a_weak_key_is_refused_naming_the_file_and_the_remedy(
    runner, tmp_path: Path, text: bytes
) -> None:
    path = tmp_path / "zwak.key"
    path.write_bytes(text + b"\n")
    path.chmod(0o600)
    assert key_weakness(text) is not None
    with pytest.raises(KetenError):
        read_key(path)
    result = runner.invoke(main, ["key", "check", str(path)])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "zwak.key" in lines[0] and "ketenmining key new" in lines[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "make",
    [
        lambda: secrets.token_hex(32).encode(),
        lambda: secrets.token_hex(32).upper().encode(),
        lambda: base64.b64encode(secrets.token_bytes(32)),
        lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"="),
        lambda: secrets.token_hex(64).encode(),
        lambda: (EXAMPLE / "demo.key").read_bytes().rstrip(b"\n"),
    ],
    ids=["hex", "HEX", "base64", "base64url", "64 bytes hex", "demo key"],
)
def test_random_keys_are_accepted(runner, tmp_path: Path, make) -> None:
    text = make()
    path = tmp_path / "goed.key"
    path.write_bytes(text + b"\n")
    path.chmod(0o600)
    assert read_key(path) == text  # the file's text is the HMAC key, as openssl uses it
    result = runner.invoke(main, ["key", "check", str(path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "fingerprint" in result.output


def test_key_new_writes_a_key_the_checks_accept(runner, tmp_path: Path) -> None:
    path = tmp_path / "k" / "keten.key"
    assert runner.invoke(main, ["key", "new", str(path)]).exit_code == 0
    assert path.stat().st_mode & 0o777 == 0o600
    assert key_weakness(read_key(path)) is None


def test_the_stage_functions_refuse_weak_keys_too() -> None:
    from ketenmining.stitch.build import check_keys

    with pytest.raises(KetenError, match="not a usable key"):
        require_strong_key(b"k" * 40)
    with pytest.raises(KetenError, match="chain key"):
        check_keys(b" " * 40, None)
    with pytest.raises(KetenError, match="TTP key"):
        check_keys(strong_key("chain"), b"t" * 40)
    with pytest.raises(KetenError, match="TTP key is the chain key"):
        check_keys(strong_key("chain"), strong_key("chain"))
    check_keys(strong_key("chain"), strong_key("ttp"))


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620])
def test_a_key_file_others_can_read_or_write_is_refused(runner, tmp_path: Path, mode: int) -> None:
    key = write_key_file(tmp_path / "gedeeld.key")
    key.chmod(mode)
    out = tmp_path / "uit" / "keten.parquet"
    args = ["stitch", str(EXAMPLE / "keten.yaml"), "--key-file", str(key), "--internal"]
    result = runner.invoke(main, [*args, "-o", str(out), "-q"])
    assert result.exit_code == 2, result.output
    assert f"mode {mode:o}" in result.output and "--allow-shared-key-file" in result.output
    assert not out.parent.exists()


def test_allow_shared_key_file_is_explicit_and_still_warns(runner, tmp_path: Path) -> None:
    key = tmp_path / "demo.key"
    key.write_bytes((EXAMPLE / "demo.key").read_bytes())
    key.chmod(0o644)
    out = tmp_path / "keten.parquet"
    base = ["stitch", str(EXAMPLE / "keten.yaml"), "--key-file", str(key), "--internal"]
    result = runner.invoke(main, [*base, "--allow-shared-key-file", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert out.is_file() and "readable by other users" in result.output
    # the same through the environment variable the option names in its help
    env = {"KETENMINING_ALLOW_SHARED_KEY_FILE": "1"}
    again = runner.invoke(main, [*base, "-o", str(tmp_path / "b.parquet"), "-q"], env=env)
    assert again.exit_code == 0, again.output


def _all_commands() -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []

    def walk(name: str, command: click.Command) -> None:
        found.append((name, command))
        if isinstance(command, click.Group):
            for sub_name, sub in command.commands.items():
                walk(f"{name} {sub_name}", sub)

    walk("ketenmining", main)
    return found


SECRET_WORDS = ("key", "secret", "password", "passphrase", "token", "sleutel")


def test_no_command_takes_a_key_value_on_the_command_line() -> None:
    commands = _all_commands()
    assert len(commands) > 20  # every command and subcommand was walked
    key_params = 0
    for name, command in commands:
        for param in command.params:
            words = " ".join([param.name or "", *getattr(param, "opts", [])]).lower()
            if not any(w in words for w in SECRET_WORDS):
                continue
            key_params += 1
            if isinstance(param, click.Option) and param.is_flag:
                continue  # --allow-shared-key-file: a switch, no value
            assert isinstance(param.type, click.Path), f"{name}: {param.name} takes a value"
            assert param.type.dir_okay is False, f"{name}: {param.name}"
            # an environment variable may only name a key *file*
            envvar = getattr(param, "envvar", None)
            assert envvar is None or envvar.endswith("_FILE"), f"{name}: {envvar}"
    assert key_params >= 10  # --key-file on the log-reading commands, stitch, lookup, ...


def test_key_text_never_reaches_the_process_list_or_its_environment(tmp_path: Path) -> None:
    """While stitch runs, /proc/PID/cmdline and /proc/PID/environ (what ``ps e`` shows) hold the
    key file's path, never the key."""
    key = private_copy(EXAMPLE / "demo.key", tmp_path / "demo.key")
    secret = key.read_text().strip()
    env = {**os.environ, "KETENMINING_KEY_FILE": str(key)}
    command = [sys.executable, "-m", "ketenmining", "stitch", str(EXAMPLE / "keten.yaml")]
    proc = subprocess.Popen(
        [*command, "--internal", "-o", str(tmp_path / "k.parquet"), "-q"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    seen = b""
    samples = 0
    while proc.poll() is None:
        try:
            seen += Path(f"/proc/{proc.pid}/cmdline").read_bytes()
            seen += Path(f"/proc/{proc.pid}/environ").read_bytes()
            samples += 1
        except OSError:
            break
        time.sleep(0.05)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    assert samples > 0 and str(key).encode() in seen
    assert secret.encode() not in seen + out + err

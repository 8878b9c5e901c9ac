"""What the tests of whole command paths share (not a test module): `from local_chains import ...`.

- `Anvil`: a separate Anvil process on a free port (optionally with `--state`), stopped the way a
  user stops it (Ctrl-C, so it dumps its state), never one of the engineers' fixed ports.
- `brownie_network(kind, port)`: a network added with `brownie networks add` under a unique id
  (live, or development attached to the running Anvil) and deleted again at exit. Brownie run
  from here keeps its data folder (network-config.yaml, deployments.db) in a private HOME, so
  the tests never edit the ~/.brownie other brownie processes on the machine read.
- `run(...)`: a project command (`brownie run ...`, `python examples/x.py`, `make ...`) as a
  subprocess from the project root, its output without colours.
"""

from __future__ import annotations

import atexit
import functools
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
from web3 import Web3

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def free_port() -> int:
    """A TCP port nothing listens on now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def project_env(**extra: str | None) -> dict[str, str]:
    """The environment a project command runs in: the Makefile's PATH and settings, plus `extra`
    (a None value removes the variable)."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(ROOT / "node_modules" / ".bin"), str(BIN), env.get("PATH", "")])
    env.setdefault("SOLCX_BINARY_PATH", str(ROOT / ".solcx"))
    env["PYTHONWARNINGS"] = "ignore::FutureWarning"
    env.pop("PYTEST_CURRENT_TEST", None)
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(args: list[str], *, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run a project command from the project root; stdout and stderr together, colours removed."""
    done = subprocess.run(
        args, cwd=ROOT, env=env or project_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        timeout=timeout, check=False,  # the tests assert on the exit code and the output
    )
    done.stdout = ANSI.sub("", done.stdout)
    return done


@functools.cache
def brownie_home() -> str:
    """A HOME of the test session's own for brownie subprocesses (brownie keeps its data folder
    in ~/.brownie), removed when the session ends."""
    home = tempfile.mkdtemp(prefix="partledger-brownie-home-")
    atexit.register(shutil.rmtree, home, ignore_errors=True)
    return home


def brownie(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """`brownie <args>` as a subprocess (the project's own brownie, its data folder private)."""
    return run([str(BIN / "brownie"), *args], env={**(env or project_env()), "HOME": brownie_home()}, timeout=timeout)


def make(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """`make <args>` as the README shows it, with brownie's data folder private (as in
    :func:`brownie`); the set-up stamps count as done, so a test never runs pip or npm."""
    stamps = [arg for stamp in (".make/python", ".make/node", ".make/solc", ".env") for arg in ("-o", stamp)]
    return run(["make", "-s", *stamps, *args], env={**(env or project_env()), "HOME": brownie_home()}, timeout=timeout)


def python(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python <args>` with the project's interpreter."""
    return run([sys.executable, *args], env=env, timeout=timeout)


class Anvil:
    """An Anvil node of its own: `start()`, `stop()` (SIGINT, as Ctrl-C: with `--state` it dumps
    the state), `restart()` on the same port. `command` replaces the plain anvil command line
    (e.g. `make chain`), which must accept the port as given."""

    def __init__(self, port: int | None = None, *, state: Path | None = None, command: list[str] | None = None):
        self.port = port or free_port()
        self.state = state
        self.command = command
        self.process: subprocess.Popen | None = None
        self.url = f"http://127.0.0.1:{self.port}"
        self.w3 = Web3(Web3.HTTPProvider(self.url))

    def start(self, timeout: float = 30) -> Anvil:
        command = self.command or ["anvil", "--port", str(self.port), "--block-base-fee-per-gas", "0"] + (
            ["--state", str(self.state)] if self.state else []
        )
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=project_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stop() reaches anvil under `make` too
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{' '.join(command)} exited with {self.process.returncode}")
            if self.w3.is_connected():  # False (no exception) while nothing listens yet
                return self
            time.sleep(0.2)
        self.stop()
        raise TimeoutError(f"anvil did not answer on port {self.port}")

    def stop(self, timeout: float = 30) -> None:
        """Ctrl-C to the whole group, then wait until every process under it has gone: npm's `anvil`
        is a node wrapper that forwards the signal and exits at once, while the native anvil it
        started still dumps its state and holds the port (a restart then raced it: the new node
        could not bind, and the old one answered once and reset the connection)."""
        if self.process is None or self.process.poll() is not None:
            return
        tree = process_tree(self.process.pid)
        group = self.process.pid  # start_new_session: the group of the process this object started
        os.killpg(group, signal.SIGINT)
        if not gone(tree, timeout):
            os.killpg(group, signal.SIGKILL)
            gone(tree, timeout)
        self.process.wait(timeout)

    def restart(self) -> Anvil:
        self.stop()
        return self.start()

    def fund(self, address: str, ether: int = 100) -> None:
        """Give `address` ether (Anvil's anvil_setBalance): a fresh key needs no node account."""
        self.w3.provider.make_request("anvil_setBalance", [address, hex(ether * 10**18)])


def process_tree(pid: int) -> list[psutil.Process]:
    """Process `pid` and every process under it (make, npm's wrapper, the anvil binary)."""
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    """Those of `processes` still running; a zombie has exited (it holds no port, writes no file)."""

    def running(process: psutil.Process) -> bool:
        try:
            return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    return [process for process in processes if running(process)]


def gone(processes: list[psutil.Process], timeout: float) -> bool:
    """Wait up to `timeout` s for none of `processes` to be alive (polled: psutil's wait_procs
    would wait on a zombie nobody reaps, and would reap our own child behind Popen's back)."""
    deadline = time.monotonic() + timeout
    while alive(processes):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@contextmanager
def running(anvil: Anvil) -> Iterator[Anvil]:
    anvil.start()
    try:
        yield anvil
    finally:
        anvil.stop()


@contextmanager
def brownie_network(kind: str, port: int, chain_id: int = 31337) -> Iterator[str]:
    """A brownie network for `port` under a unique id, deleted at exit. `kind` "live": a live
    network of chain `chain_id` (brownie then treats it as any testnet); "attach": a development network
    for an Anvil already running, added with the README's command, so brownie attaches to it;
    "development": one brownie launches its Anvil for, with the settings of its own."""
    network_id = f"partledger-test-{kind}-{uuid.uuid4().hex[:8]}"
    if kind == "live":
        args = ["Ethereum", network_id, f"host=http://127.0.0.1:{port}", f"chainid={chain_id}"]
    elif kind == "attach":
        # the README's command for `make chain` on another port: brownie attaches to the running Anvil
        args = ["development", network_id, "cmd=anvil", "host=http://127.0.0.1", f"port={port}"]
    else:
        # the settings brownie's own `development` network launches Anvil with
        args = ["development", network_id, "cmd=anvil", "host=http://127.0.0.1", f"port={port}", "accounts=10",
                "gas_limit=12000000", "base_fee=0"]
    added = brownie("networks", "add", *args)
    assert added.returncode == 0, added.stdout
    try:
        yield network_id
    finally:
        brownie("networks", "delete", network_id)

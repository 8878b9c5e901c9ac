"""The installable package: it never imports brownie, its CLI answers, and `pip install .` into a
fresh virtualenv gives a working `partledger` (web3 at the declared floor, no brownie) that
drives the deployed suite with the ABIs it ships."""

import json
import pkgutil
import re
import shutil
import subprocess
import sys
import tomllib

import pytest
from brownie import web3
from click.testing import CliRunner
from packaging.version import Version

import partledger
from local_chains import ROOT, project_env
from partledger.cli import cli
from scripts import deploy

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def package_modules() -> list[str]:
    """Every module of the package, found on disk (new modules are covered without a list)."""
    return ["partledger"] + [m.name for m in pkgutil.walk_packages(partledger.__path__, "partledger.")]


def test_no_module_of_the_package_imports_brownie():
    modules = package_modules()
    assert {"partledger.cli", "partledger.decoding", "partledger.exceptions", "partledger.enums"} <= set(modules)
    code = f"import importlib, sys\nfor m in {modules!r}: importlib.import_module(m)\nassert 'brownie' not in sys.modules"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=project_env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    # nor later, inside a function: no import statement names it
    for path in (ROOT / "partledger").rglob("*.py"):
        assert not re.search(r"^\s*(from|import)\s+brownie\b", path.read_text(), re.MULTILINE), path


def test_cli_answers_help_and_version():
    runner = CliRunner()
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: partledger [OPTIONS] COMMAND [ARGS]...")
    assert "never a key on the command line" in " ".join(result.output.split())
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("partledger ")
    assert PYPROJECT["project"]["scripts"] == {"partledger": "partledger.cli:main"}


def web3_floor() -> str:
    (spec,) = [d for d in PYPROJECT["project"]["dependencies"] if d.startswith("web3")]
    floor = re.fullmatch(r"web3>=([\d.]+),<8", spec)
    assert floor, f"web3 is declared as {spec!r}: the range is 7.x, with a floor"
    return floor.group(1)


SMOKE = """
import json, sys
import web3
from web3 import Web3
import partledger
from partledger import exceptions
from partledger.manifest import Deployment

assert partledger.__file__.startswith(sys.prefix), partledger.__file__  # the installed copy
w3 = Web3(Web3.HTTPProvider(sys.argv[1]))
suite = Deployment.load(w3, sys.argv[2])  # no ABI in the manifest: the package's own
try:
    with suite.readable_errors():
        suite["PartRegistry"].functions.rootOwnerOf(123).call()
except exceptions.PartNotFound as exc:
    print("refused:", exc)
assert "brownie" not in sys.modules
print("web3", web3.__version__)
"""


@pytest.mark.own_chain  # slow (a pip install from the index): once per `make test`, in the Anvil pass
def test_pip_install_into_a_fresh_venv_gives_a_working_cli_and_sdk_without_brownie(suite, tmp_path):
    status = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    source = tmp_path / "src"  # pip builds in the source tree: a copy keeps the checkout clean
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "partledger", source / "partledger", ignore=shutil.ignore_patterns("__pycache__"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = project_env(PATH=f"{venv / 'bin'}:/usr/bin:/bin", VIRTUAL_ENV=str(venv), PYTHONPATH=None)
    floor = web3_floor()
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    done = subprocess.run([*pip, str(source), f"web3=={floor}"], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]

    python = str(venv / "bin" / "python")
    no_brownie = "import importlib.util as u; assert u.find_spec('brownie') is None and u.find_spec('solcx') is None"
    assert subprocess.run([python, "-c", no_brownie], env=env, cwd=tmp_path).returncode == 0

    helped = subprocess.run([str(venv / "bin" / "partledger"), "--help"], env=env, capture_output=True, text=True)
    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.startswith("Usage: partledger")
    versioned = subprocess.run([str(venv / "bin" / "partledger"), "--version"], env=env, capture_output=True, text=True)
    assert versioned.stdout == f"partledger {PYPROJECT['project']['version']}\n"

    manifest = deploy.write_manifest(suite, directory=tmp_path / "deployments")
    data = json.loads(manifest.read_text())
    for entry in data["contracts"].values():
        del entry["abi"]
    manifest.write_text(json.dumps(data))
    smoke = tmp_path / "smoke.py"
    smoke.write_text(SMOKE)
    ran = subprocess.run(
        [python, str(smoke), web3.provider.endpoint_uri, str(manifest)],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    refused, versions = ran.stdout.splitlines()
    assert refused == "refused: PartNotFound(partId=123): no part with this id is registered"
    assert Version(versions.removeprefix("web3 ")) == Version(floor)  # the declared floor works

    after = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    assert after == status  # nothing written into the checkout (no build/, no egg-info)

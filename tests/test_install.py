"""Installs that stay green: the committed lock pins every declared dependency with hashes, the setup script installs
only hash-checked files, and no module imports a package its part of the project does not declare."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
LOCAL = {"etl", "dashboard", "bench", "tests", "i18n_extract", "i18n_fill", "update_readme", "look", "conftest"}
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^ ;\\]+)")


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(*extras: str) -> dict[str, Requirement]:
    reqs = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
    for extra in extras:
        reqs += [Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"][extra]]
    return {norm(r.name): r for r in reqs}


def read_lock(path: Path) -> dict[str, tuple[str, int]]:
    """name → (version, number of sha256 hashes) of a requirements file exported with hashes."""
    pins: dict[str, tuple[str, int]] = {}
    name = None
    for line in path.read_text().splitlines():
        if m := PIN.match(line):
            name = norm(m.group(1))
            pins[name] = (m.group(2), 0)
        elif name and "--hash=sha256:" in line:
            pins[name] = (pins[name][0], pins[name][1] + 1)
    return pins


def uv_lock_versions() -> dict[str, str]:
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    return {norm(p["name"]): p["version"] for p in lock["package"] if "version" in p}


@pytest.mark.parametrize(("lock", "extras"), [("app", ()), ("test", ("test",)), ("bench", ("bench",))])
def test_the_lock_pins_every_declared_dependency_with_hashes(lock, extras):
    pins = read_lock(ROOT / "locks" / f"{lock}.txt")
    universal = uv_lock_versions()
    for name, req in declared(*extras).items():
        assert name in pins, f"{name} is declared in pyproject.toml but not in locks/{lock}.txt: bash scripts/lock.sh"
        version, hashes = pins[name]
        assert req.specifier.contains(version, prereleases=True), f"{name}=={version} is outside {req.specifier}"
    for name, (version, hashes) in pins.items():
        assert hashes >= 1, f"{name} has no sha256 hash in locks/{lock}.txt"
        assert universal.get(name) == version, f"locks/{lock}.txt and uv.lock disagree on {name}"


def test_the_build_lock_holds_the_installer_and_the_build_backend():
    pins = read_lock(ROOT / "locks" / "build.txt")
    assert {"pip", "setuptools"} <= set(pins) and all(h >= 1 for _, h in pins.values())
    backend = Requirement(PYPROJECT["build-system"]["requires"][0])
    assert backend.specifier.contains(pins["setuptools"][0])


def toy_wheel(folder: Path, name: str) -> tuple[Path, str]:
    """A minimal real wheel on disk, and its sha256, so pip's hash check runs without a registry."""
    import base64
    import hashlib
    import zipfile

    info = f"{name}-1.0.dist-info"
    files = {f"{name}/__init__.py": b"",
             f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n".encode(),
             f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}

    def digest(data: bytes) -> str:
        return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()

    record = "".join(f"{path},sha256={digest(data)},{len(data)}\n" for path, data in files.items())
    wheel = folder / f"{name}-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        for path, data in files.items():
            zf.writestr(path, data)
        zf.writestr(f"{info}/RECORD", record + f"{info}/RECORD,,\n")
    return wheel, hashlib.sha256(wheel.read_bytes()).hexdigest()


@pytest.mark.parametrize("pin", ["toyapp==1.0", "toyapp==1.0 --hash=sha256:" + "0" * 64])
def test_the_setup_script_installs_only_what_the_lock_hashes(tmp_path, pin):
    """An unhashed pin or a file whose hash differs from the lock's stops the setup, and nothing is marked installed."""
    for folder in ("scripts", "locks", "wheels"):
        (tmp_path / folder).mkdir()
    (tmp_path / "scripts" / "setup_venv.sh").write_text((ROOT / "scripts" / "setup_venv.sh").read_text())
    (tmp_path / "pyproject.toml").write_text("")
    _, digest = toy_wheel(tmp_path / "wheels", "toypkg")
    toy_wheel(tmp_path / "wheels", "toyapp")
    (tmp_path / "locks" / "build.txt").write_text(f"toypkg==1.0 --hash=sha256:{digest}\n")  # the right hash: passes
    (tmp_path / "locks" / "app.txt").write_text(pin + "\n")
    env = {"PATH": "/usr/bin:/bin", "PYTHON": sys.executable, "PIP_NO_INDEX": "1", "PIP_CONFIG_FILE": "/dev/null",
           "PIP_FIND_LINKS": str(tmp_path / "wheels")}
    result = subprocess.run(["bash", "-c", "set -e; source scripts/setup_venv.sh app"], cwd=tmp_path,
                            capture_output=True, text=True, env=env)
    assert result.returncode != 0
    assert "hash" in result.stderr.lower(), result.stderr[-2000:]
    assert (tmp_path / ".venv" / "bin" / "python").exists()   # it got as far as pip …
    assert not (tmp_path / ".venv" / ".installed-app").exists()  # … and pip refused


def test_the_setup_script_names_the_locks_it_knows(tmp_path):
    (tmp_path / "locks").mkdir()
    result = subprocess.run(["bash", "-c", f"source {ROOT}/scripts/setup_venv.sh nightly"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 2 and "choose app, test or bench" in result.stderr


# --- every import is declared ------------------------------------------------------------------------------------
#: Import names of declared distributions that the test environment does not install (the bench's baselines).
NOT_INSTALLED_HERE = {"entsog": "entsog-py", "gie": "gie-py"}
PARTS = {"etl": (), "dashboard": (), "bench": ("bench",), "tests": ("test",), "scripts": ("test",)}


def imported_packages(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in LOCAL}


def undeclared(folder: Path, extras: tuple[str, ...]) -> list[str]:
    """'file: package (distribution)' for each import whose distribution the part does not declare."""
    allowed = set(declared(*extras))
    dists = packages_distributions()
    problems = []
    for path in sorted(folder.rglob("*.py")):
        for package in sorted(imported_packages(path)):
            owners = {norm(d) for d in dists.get(package, [NOT_INSTALLED_HERE.get(package, package)])}
            if not owners & allowed:
                problems.append(f"{path.relative_to(folder.parent)}: {package} ({', '.join(sorted(owners))})")
    return problems


@pytest.mark.parametrize("part", sorted(PARTS))
def test_every_module_imports_only_what_its_part_declares(part):
    assert undeclared(ROOT / part, PARTS[part]) == []


def test_the_import_check_catches_an_undeclared_package(tmp_path):
    folder = tmp_path / "etl"
    folder.mkdir()
    (folder / "ok.py").write_text("import duckdb\nfrom pandas import DataFrame\nimport json\nfrom . import ok\n")
    assert undeclared(folder, ()) == []
    (folder / "bad.py").write_text("def f():\n    import frictionless  # a test-only package in the app\n")
    assert undeclared(folder, ()) == ["etl/bad.py: frictionless (frictionless)"]
    assert undeclared(folder, ("test",)) == []

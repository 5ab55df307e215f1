"""scripts/find-python: how both README commands pick an interpreter."""

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "find-python"


def find_python(tmp_path, **env):
    # A PATH with only the basic tools: no python on it, no pyenv.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool in ("bash", "cat", "env"):
        target = subprocess.run(["which", tool], capture_output=True, text=True).stdout.strip()
        (bin_dir / tool).symlink_to(target)
    return subprocess.run(
        [str(bin_dir / "bash"), str(SCRIPT)],
        env={"PATH": str(bin_dir), "HOME": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_says_what_to_do_when_no_suitable_python_exists(tmp_path):
    result = find_python(tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "needs Python 3.12 or newer" in result.stderr
    assert "KZCLAIMS_PYTHON" in result.stderr


def test_takes_the_interpreter_it_is_pointed_at(tmp_path):
    result = find_python(tmp_path, KZCLAIMS_PYTHON=sys.executable)
    assert result.returncode == 0, result.stderr
    assert os.path.samefile(result.stdout.strip(), sys.executable)


def test_refuses_an_interpreter_that_is_too_old(tmp_path):
    fake = tmp_path / "python3.8"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    result = find_python(tmp_path, KZCLAIMS_PYTHON=str(fake))
    assert result.returncode == 1
    assert "needs Python 3.12" in result.stderr


def test_finds_pyenv_interpreters_without_pyenv_on_the_path(tmp_path):
    home = tmp_path / "home"
    bin_dir = home / ".pyenv" / "versions" / "3.12.9" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python3").symlink_to(sys.executable)
    result = find_python(tmp_path, HOME=str(home))
    assert result.returncode == 0, result.stderr
    assert os.path.samefile(result.stdout.strip(), sys.executable)

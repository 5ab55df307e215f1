import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_environment_variable_is_documented_in_env_example():
    settings = (ROOT / "kzclaims" / "settings.py").read_text()
    read = set(re.findall(r"""(?:environ\.get|env_bool|env_list)\(\s*["'](\w+)["']""", settings))
    documented = set(re.findall(r"^(\w+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert read, "the pattern no longer finds the settings' variables"
    assert read - documented == set()

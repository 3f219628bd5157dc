"""The site also builds on ProperDocs, the maintained fork of MkDocs 1.x (DESIGN §2)."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import copy_repo_site


def test_example_site_builds_with_properdocs_strict(tmp_path):
    root = copy_repo_site(tmp_path / "site")
    site = tmp_path / "out"
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(list((site / "cadres").glob("*/index.html"))) == 17
    assert (site / "data" / "showcase.json").is_file() and (site / "data" / "lectures.ics").is_file()
    assert "京ICP备00000000号-1" in (site / "index.html").read_text(encoding="utf-8")

"""The package as a team gets it: the sdist and wheel that `uv build` makes (the wheel built from
the sdist, as `python -m build` does), the wheel installed into a new virtual environment, a
Material site built with it, and docs/getting-started.md followed from an empty folder to a
built archive with its very commands.

Slow (about half a minute, most of it the getting-started walk and the builds): the environment
is made once for this module and every test here uses it. The commands run with
the environment's own executables, without PYTHONPATH, so they see the installed package only.
"""

from __future__ import annotations

import configparser
import html
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest
import yaml
from sites import ROOT, SiteBuilder, page_name
from uv import find_uv_bin

from mkdocs_postmortem import __version__
from mkdocs_postmortem.render.severity_look import stylesheet_rules

pytestmark = pytest.mark.slow

PACKAGE = ROOT / "mkdocs_postmortem"
GETTING_STARTED = ROOT / "docs" / "getting-started.md"
EXAMPLE = ROOT / "docs" / "postmortems" / "2025-03-14-eu-west-dns-resolver-502s.yaml"

# The one place where the walk differs from the page: instead of a new environment and the
# package from GitHub, the walk links this module's environment, where the wheel built from this
# checkout is installed, and installs that wheel. Each line must be on the page exactly once.
WALK_SUBSTITUTIONS = {
    "python3 -m venv .venv": 'ln -s "$WALK_VENV" .venv',
    'pip install "mkdocs-postmortem @ git+https://github.com/<owner>/mkdocs-postmortem"': (
        'pip install "$WALK_WHEEL"'
    ),
}


@dataclass(frozen=True)
class Installed:
    wheel: Path
    sdist: Path
    venv: Path
    env: dict[str, str]
    """The environment of a fresh shell: no PYTHONPATH, no other virtual environment."""

    def bin(self, name: str) -> str:
        return str(self.venv / "bin" / name)


def run(
    command: list[str], cwd: Path, env: dict[str, str], timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, (
        f"{shlex.join(result.args)} exited {result.returncode}\n"
        f"--- stdout\n{result.stdout[-6000:]}\n--- stderr\n{result.stderr[-6000:]}"
    )
    return result


def fresh_shell_env(home: Path) -> dict[str, str]:
    """os.environ as a new terminal has it: the test runner's environment, PYTHONPATH and
    git's global configuration left out."""
    runner_bin = str(Path(sys.executable).parent)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "NO_MKDOCS_2_WARNING")
    }
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if p and p != runner_bin
    )
    home.mkdir(parents=True, exist_ok=True)
    (home / "gitconfig").touch()
    env["GIT_CONFIG_GLOBAL"] = str(home / "gitconfig")
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["PRE_COMMIT_HOME"] = str(home / "pre-commit")
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The sdist and wheel built from this checkout, and the wheel installed into the one new
    virtual environment of this module. `uv build` makes the wheel from the sdist (as
    `python -m build` does), so what the wheel holds the sdist holds too. uv (a test
    dependency) builds, creates the environment (with pip, which the walk runs) and installs
    the wheel with its dependencies from the package index, in seconds where pip takes half a
    minute."""
    root = tmp_path_factory.mktemp("install")
    env = fresh_shell_env(root / "home")
    dist = root / "dist"
    uv = find_uv_bin()
    # uv is a test dependency and runs with the test runner's environment; the new one is fresh.
    ok(run([uv, "build", "--quiet", "--out-dir", str(dist), str(ROOT)], root, dict(os.environ)))
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    venv = root / "venv"
    ok(run([uv, "venv", "--quiet", "--seed", "--python", sys.executable, str(venv)], root, env))
    install = [uv, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python")]
    ok(run([*install, str(wheel)], root, env, timeout=900))
    env["PATH"] = os.pathsep.join([str(venv / "bin"), env["PATH"]])
    return Installed(wheel, sdist, venv, env)


def package_files() -> set[str]:
    """Every file of the package in this checkout, as a path inside the package."""
    return {
        path.relative_to(ROOT).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def test_the_sdist_holds_the_schema_templates_and_static_files(installed: Installed) -> None:
    with tarfile.open(installed.sdist) as sdist:
        members = {m.name: m for m in sdist.getmembers()}
        tops = {PurePosixPath(name).parts[0] for name in members}
        assert len(tops) == 1, tops
        (top,) = tops
        names = {str(PurePosixPath(*PurePosixPath(n).parts[1:])) for n in members}
        expected = package_files()
        assert {
            "mkdocs_postmortem/core/postmortem.schema.json",
            "mkdocs_postmortem/render/static/postmortem.css",
            "mkdocs_postmortem/render/templates/incident.html.j2",
        } <= expected
        missing = expected - names
        assert not missing, f"not in the sdist: {sorted(missing)}"
        for name in ("pyproject.toml", "README.md", "LICENSE", "schema/postmortem.schema.json"):
            assert name in names
        # The editors' link to the schema (a symbolic link in the repository) leads to it.
        link = sdist.extractfile(members[f"{top}/schema/postmortem.schema.json"])
        assert link is not None
        assert json.load(link) == json.loads(
            (PACKAGE / "core" / "postmortem.schema.json").read_text("utf-8")
        )


def test_the_wheel_holds_the_package_data_and_declares_the_plugin(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
        missing = package_files() - names
        assert not missing, f"not in the wheel: {sorted(missing)}"
        (entry_points_file,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        entry_points = configparser.ConfigParser()
        entry_points.read_string(wheel.read(entry_points_file).decode("utf-8"))
    assert dict(entry_points["mkdocs.plugins"]) == {
        "postmortem": "mkdocs_postmortem.plugin.mkdocs_plugin:PostmortemPlugin"
    }
    assert dict(entry_points["console_scripts"]) == {
        "mkdocs-postmortem": "mkdocs_postmortem.cli.commands:main"
    }


def test_the_wheel_has_the_version_the_package_writes(installed: Installed) -> None:
    """The one version, written in mkdocs_postmortem/__init__.py, is the wheel's."""
    with zipfile.ZipFile(installed.wheel) as wheel:
        (metadata,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
        fields = wheel.read(metadata).decode("utf-8").split("\n\n", 1)[0].splitlines()
    assert f"Version: {__version__}" in fields
    assert installed.wheel.name.startswith(f"mkdocs_postmortem-{__version__}-")


def test_the_installed_wheel_builds_a_material_site(installed: Installed, tmp_path: Path) -> None:
    where = ok(
        run(
            [
                installed.bin("python"),
                "-c",
                "import mkdocs_postmortem; print(mkdocs_postmortem.__file__)",
            ],
            tmp_path,
            installed.env,
        )
    ).stdout.strip()
    assert Path(where).is_relative_to(installed.venv), f"the package was imported from {where}"

    project = SiteBuilder(tmp_path / "project")
    project.add("postmortems/incident.yaml", EXAMPLE.read_text("utf-8"))
    project.write_config()
    ok(run([installed.bin("mkdocs"), "build", "--strict"], project.root, installed.env))
    ok(run([installed.bin("mkdocs-postmortem"), "validate"], project.root, installed.env))

    site = project.root / "site" / "postmortems"
    data = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    page = (site / "incidents" / page_name(data["id"]) / "index.html").read_text("utf-8")
    # The incident template (an HTML template of the package) made the page.
    assert data["title"] in html.unescape(page)
    assert 'class="pm-fields' in page and 'class="pm-badge' in page
    # The index templates made the archive home and the field reference from the schema.
    assert data["id"] in (site / "index.html").read_text("utf-8")
    bundled = json.loads((PACKAGE / "core" / "postmortem.schema.json").read_text("utf-8"))
    fields_page = html.unescape((site / "fields" / "index.html").read_text("utf-8"))
    for name in bundled["properties"]:
        assert name in fields_page
    # The packaged stylesheet is published, with the severity colours after it, and linked; the
    # effective schema is published.
    css = site / "assets" / "postmortem.css"
    packaged = (PACKAGE / "render" / "static" / "postmortem.css").read_text("utf-8")
    assert css.read_text("utf-8") == packaged + stylesheet_rules()
    assert re.search(r'<link[^>]+href="[./]*assets/postmortem\.css"', page)
    published = json.loads((site / "schema.json").read_text("utf-8"))
    assert set(bundled["properties"]) <= set(published["properties"])


# --- docs/getting-started.md, walked -----------------------------------------------------------


@dataclass(frozen=True)
class Block:
    line: int
    language: str
    title: str | None
    text: str


def page_blocks(markdown: str) -> list[Block]:
    """The fenced code blocks of a page, with their language and `title="..."` if any."""
    blocks: list[Block] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        opening = re.fullmatch(r"```(\w*)(.*)", lines[i])
        if not opening:
            i += 1
            continue
        title = re.search(r'title="([^"]+)"', opening.group(2))
        end = lines.index("```", i + 1)
        blocks.append(
            Block(
                i + 1,
                opening.group(1),
                title.group(1) if title else None,
                "\n".join(lines[i + 1 : end]) + "\n",
            )
        )
        i = end + 1
    return blocks


def walk_script(blocks: list[Block]) -> str:
    """One shell session that does what a reader of the page does, in order: runs every bash
    block and writes every block that names a file."""
    used = dict.fromkeys(WALK_SUBSTITUTIONS, 0)
    parts = ["set -eo pipefail"]
    for block in blocks:
        if block.language == "bash":
            lines = []
            for line in block.text.splitlines():
                if line.strip() in WALK_SUBSTITUTIONS:
                    used[line.strip()] += 1
                    line = WALK_SUBSTITUTIONS[line.strip()]
                lines.append(line)
            parts.append(f"echo '>>> getting-started.md:{block.line}' >&2")
            parts.extend(lines)
        elif block.title:
            path = PurePosixPath(block.title)
            assert not path.is_absolute() and ".." not in path.parts, block.title
            assert "WALK_EOF" not in block.text
            parts.append(f"mkdir -p {shlex.quote(str(path.parent))}")
            parts.append(f"cat > {shlex.quote(str(path))} <<'WALK_EOF'\n{block.text}WALK_EOF")
    assert all(count == 1 for count in used.values()), (
        f"each substituted line must be on the page once: {used}"
    )
    return "\n".join(parts) + "\n"


def test_getting_started_pins_a_hook_that_exists() -> None:
    """The page's pre-commit config names a hook of .pre-commit-hooks.yaml and no tag that the
    repository lacks."""
    (config,) = [
        b
        for b in page_blocks(GETTING_STARTED.read_text("utf-8"))
        if b.title == ".pre-commit-config.yaml"
    ]
    hooks = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    (repo,) = yaml.safe_load(config.text)["repos"]
    assert {hook["id"] for hook in repo["hooks"]} <= hooks
    rev = str(repo["rev"])
    tags = subprocess.run(
        ["git", "tag", "--list"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.split()
    assert rev == "<commit sha>" or re.fullmatch(r"[0-9a-f]{40}", rev) or rev in tags, rev


@pytest.mark.skipif(shutil.which("git") is None, reason="the walk runs git init and pre-commit")
def test_getting_started_walks_from_an_empty_folder_to_a_built_archive(
    installed: Installed, tmp_path: Path
) -> None:
    blocks = page_blocks(GETTING_STARTED.read_text("utf-8"))
    folder = tmp_path / "our-postmortems"
    folder.mkdir()
    env = {**installed.env, "WALK_VENV": str(installed.venv), "WALK_WHEEL": str(installed.wheel)}
    ok(run(["bash", "-c", walk_script(blocks)], folder, env, timeout=900))

    # The incident written on the page is a page of the built site.
    postmortems = sorted((folder / "docs" / "postmortems").glob("*.yaml"))
    assert postmortems
    for path in postmortems:
        data = yaml.safe_load(path.read_text("utf-8"))
        page = folder / "site" / "postmortems" / "incidents" / page_name(data["id"]) / "index.html"
        assert data["title"] in html.unescape(page.read_text("utf-8"))
    assert (folder / "site" / "index.html").is_file()
    assert (folder / ".git" / "hooks" / "pre-commit").is_file(), "pre-commit install did not run"
    for block in blocks:
        if block.title and block.title.endswith((".yml", ".yaml")):
            assert yaml.safe_load((folder / block.title).read_text("utf-8")) is not None

    # The hook the page configures, run as pre-commit runs it: its entry, with the staged files
    # that match its pattern, from the top of the repository.
    config = yaml.safe_load((folder / ".pre-commit-config.yaml").read_text("utf-8"))
    wanted = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    definitions = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    for hook in (h for h in definitions if h["id"] in wanted):
        assert hook["language"] == "python"
        entry = shlex.split(hook["entry"]) + hook.get("args", [])
        pattern = re.compile(hook["files"])
        staged = sorted(
            p.relative_to(folder).as_posix()
            for p in folder.rglob("*")
            if p.is_file()
            and not {".git", ".venv", "site"} & set(p.relative_to(folder).parts)
            and pattern.search(p.relative_to(folder).as_posix())
        )
        assert {p.relative_to(folder).as_posix() for p in postmortems} <= set(staged)
        ok(run([*entry, *staged], folder, env))

        broken = folder / "docs" / "postmortems" / "broken.yaml"
        text = postmortems[0].read_text("utf-8")
        data = {**yaml.safe_load(text), "id": "BROKEN-1", "severity": "SEV9"}
        broken.write_text(yaml.safe_dump(data), encoding="utf-8")
        assert pattern.search("docs/postmortems/broken.yaml")
        failed = run([*entry, "docs/postmortems/broken.yaml"], folder, env)
        assert failed.returncode == 1, failed
        assert "broken.yaml" in failed.stdout + failed.stderr
        broken.unlink()

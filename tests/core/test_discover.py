"""Which files are postmortems: the paths globs, hidden folders, display paths; and the YAML
files outside the globs that look like postmortems."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from factories import incident_yaml
from special_files import fifo, needs_fifo, secret_postmortem

from mkdocs_postmortem.core.discover import (
    NotAFile,
    SourceFile,
    discover,
    glob_matcher,
    look_alikes,
    read_regular,
    repository_root,
    source_for,
    walk,
)
from mkdocs_postmortem.core.problems import Problem
from mkdocs_postmortem.core.settings import Settings
from mkdocs_postmortem.pipeline import Pipeline


def test_globs_and_discovery(tmp_path: Path) -> None:
    match = glob_matcher(["postmortems/**/*.yaml", "extra/*.yml"])
    assert match("postmortems/a.yaml") and match("postmortems/2026/q1/a.yaml")
    assert not match("postmortems/a.yml") and not match("other/postmortems/a.yaml")
    assert match("extra/b.yml") and not match("extra/deep/b.yml")
    docs = tmp_path / "docs"
    for rel in (
        "postmortems/b.yaml",
        "postmortems/2025/a.yaml",
        "postmortems/.hidden/c.yaml",
        "x.yaml",
    ):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("id: x\n", encoding="utf-8")
    found = discover(Settings(docs_dir=str(docs), project_dir=str(tmp_path)))
    assert [f.src_uri for f in found] == ["postmortems/2025/a.yaml", "postmortems/b.yaml"]
    assert [f.display for f in found] == ["docs/postmortems/2025/a.yaml", "docs/postmortems/b.yaml"]


@pytest.mark.parametrize(
    ("patterns", "path", "matches"),
    [
        (["postmortems/**/*.yaml"], "postmortems/a.yaml", True),
        (["postmortems/**/*.yaml"], "postmortems/x/y/z/a.yaml", True),
        (["postmortems/**/*.yaml"], "postmortems/a.yaml.bak", False),
        (["postmortems/*.yaml"], "postmortems/x/a.yaml", False),
        (["/pm/*.yaml"], "pm/a.yaml", True),
        ([" pm/*.yaml "], "pm/a.yaml", True),
        (["pm/*.y?ml"], "pm/a.yaml", True),
        (["pm/*.y?ml"], "pm/a.yml", False),
        (["pm/*.y?ml"], "pm/a.y/ml", False),
        (["a.b/*.yaml"], "a.b/x.yaml", True),
        (["a.b/*.yaml"], "axb/x.yaml", False),
        (["pm/**"], "pm/deep/er/a.txt", True),
        (["**"], "anything/at/all", True),
        ([], "pm/a.yaml", False),
        (["pm/[ab].yaml"], "pm/a.yaml", False),
        (["pm/[ab].yaml"], "pm/[ab].yaml", True),
        (["postmortems/**/*.yaml"], "postmortems/a.YAML", True),
        (["postmortems/**/*.yaml"], "postmortems/x/a.Yaml", True),
        (["postmortems/**/*.yml"], "postmortems/a.Yml", True),
        (["pm/*.YML"], "pm/a.yml", True),
        (["postmortems/**/*.yaml"], "Postmortems/a.yaml", False),
        (["postmortems/**/*.yaml"], "postmortems/a.YAML.bak", False),
        (["pm/A*.yaml"], "pm/a.yaml", False),
    ],
)
def test_glob_matcher(patterns: list[str], path: str, matches: bool) -> None:
    """Only ``**``, ``*`` and ``?`` are special; a leading slash and spaces are ignored; a
    file extension matches in any case (folders and names do not)."""
    assert glob_matcher(patterns)(path) is matches


def test_excluded_files_are_left_out(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for rel in ("postmortems/a.yaml", "postmortems/drafts/b.yaml"):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("id: x\n", encoding="utf-8")
    settings = Settings(docs_dir=str(docs), project_dir=str(tmp_path))
    found = discover(settings, exclude=lambda rel: rel.startswith("postmortems/drafts/"))
    assert [f.src_uri for f in found] == ["postmortems/a.yaml"]
    assert found[0].abs_path == str(docs / "postmortems" / "a.yaml")


def test_the_paths_option_decides(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for rel in ("incidents/a.yml", "postmortems/b.yaml"):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("id: x\n", encoding="utf-8")
    settings = Settings(docs_dir=str(docs), project_dir=str(tmp_path), paths=("incidents/*.yml",))
    assert [f.src_uri for f in discover(settings)] == ["incidents/a.yml"]


def test_display_is_relative_to_the_project_unless_outside_it() -> None:
    settings = Settings(docs_dir="/r/docs", project_dir="/r")
    assert source_for(settings, "pm/a.yaml", "/r/docs/pm/a.yaml") == SourceFile(
        "pm/a.yaml", "/r/docs/pm/a.yaml", "docs/pm/a.yaml"
    )
    assert source_for(settings, "pm/a.yaml", "/other/a.yaml").display == "/other/a.yaml"


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            (root / rel).write_bytes(content)
        else:
            (root / rel).write_text(content, encoding="utf-8")


def test_upper_case_extensions_are_postmortems_too(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write(docs, {"postmortems/a.YAML": "id: a\n", "postmortems/b.Yml": "id: b\n"})
    found = discover(Settings(docs_dir=str(docs), project_dir=str(tmp_path)))
    assert [f.src_uri for f in found] == ["postmortems/a.YAML", "postmortems/b.Yml"]


def test_display_is_relative_to_the_repository_in_a_monorepo(tmp_path: Path) -> None:
    """GitHub places an annotation by its path from the repository's top folder; a site in a
    subfolder must not print paths from its own folder."""
    (tmp_path / ".git").mkdir()
    project = tmp_path / "handbook"
    docs = project / "docs"
    write(docs, {"postmortems/a.yaml": "id: a\n"})
    settings = Settings(docs_dir=str(docs), project_dir=str(project))
    assert repository_root(str(project)) == str(tmp_path)
    assert [f.display for f in discover(settings)] == ["handbook/docs/postmortems/a.yaml"]
    # A work tree or a submodule has a .git file, not a folder; the nearest one counts.
    (project / ".git").write_text("gitdir: ../.git/modules/handbook\n", encoding="utf-8")
    repository_root.cache_clear()
    assert [f.display for f in discover(settings)] == ["docs/postmortems/a.yaml"]


def test_display_outside_git_is_relative_to_the_project(tmp_path: Path) -> None:
    project = tmp_path / "handbook"
    if repository_root(str(project)) is not None:  # pragma: no cover - depends on the machine
        pytest.skip("the temporary folder is inside a git work tree")
    settings = Settings(docs_dir=str(project / "docs"), project_dir=str(project))
    found = source_for(settings, "pm/a.yaml", str(project / "docs" / "pm" / "a.yaml"))
    assert found.display == "docs/pm/a.yaml"


POSTMORTEM = "id: INC-9\ntitle: T\nseverity: SEV1\n"


def test_look_alikes_outside_the_globs(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write(
        docs,
        {
            "postmortems/in.yaml": POSTMORTEM,
            "incidents/x.yaml": "# an old one\n" + POSTMORTEM,
            "incidents/quoted.YML": "\ufeff'severity': SEV2\n\"id\": 'INC-10'  # moved\n",
            "incidents/windows.yaml": "id: INC-11\r\nseverity: SEV2\r\n",
            "data/nested.yaml": "team:\n  id: a\n  severity: b\n",
            "data/only-id.yaml": "id: x\nname: y\n",
            "data/not-a-key.yaml": "idx: 1\nid:x\nseverity:1\n",
            "data/notes.md": POSTMORTEM,
            ".hidden/y.yaml": POSTMORTEM,
            "drafts/z.yaml": POSTMORTEM,
        },
    )
    settings = Settings(docs_dir=str(docs), project_dir=str(tmp_path))
    found = walk(settings, exclude=lambda rel: rel.startswith("drafts/"))
    assert [f.src_uri for f in found.sources] == ["postmortems/in.yaml"]
    assert [f.src_uri for f in found.other_yaml] == [
        "data/nested.yaml",
        "data/not-a-key.yaml",
        "data/only-id.yaml",
        "incidents/quoted.YML",
        "incidents/windows.yaml",
        "incidents/x.yaml",
    ]
    alikes = look_alikes(settings, found.other_yaml)
    assert [(a.source.src_uri, a.line, a.declared_id) for a in alikes] == [
        ("incidents/quoted.YML", 2, "INC-10"),
        ("incidents/windows.yaml", 1, "INC-11"),
        ("incidents/x.yaml", 2, "INC-9"),
    ]
    assert alikes[-1].problem(settings) == Problem(
        "docs/incidents/x.yaml",
        2,
        1,
        "(document)",
        "looks like a postmortem (top-level id and severity) but is outside the plugin's paths "
        "option (postmortems/**/*.yaml, postmortems/**/*.yml), so it is neither checked nor "
        "published as an incident page; move it to a folder those globs match, or add a glob "
        "for it to paths",
    )


def test_look_alike_scan_reads_at_most_max_file_size(tmp_path: Path) -> None:
    """A stranger's huge file costs the limit, not its size: keys after it are not seen."""
    docs = tmp_path / "docs"
    padding = "# " + "x" * 97 + "\n"
    write(
        docs,
        {
            "early.yaml": POSTMORTEM + padding * 50,
            "late.yaml": padding * 50 + POSTMORTEM,
            "bad-bytes.yaml": b"# \xff\xfe\nid: INC-1\nseverity: SEV1\n",
        },
    )
    settings = Settings(docs_dir=str(docs), project_dir=str(tmp_path), max_file_size=1000)
    found = look_alikes(settings, walk(settings).other_yaml)
    assert [a.source.src_uri for a in found] == ["bad-bytes.yaml", "early.yaml"]


@needs_fifo
def test_files_that_are_not_regular_files_are_refused_unread(tmp_path: Path) -> None:
    """A named pipe would block the reader; a device would feed it: neither is opened."""
    docs = tmp_path / "docs"
    write(docs, {"postmortems/ok.yaml": POSTMORTEM})
    (docs / "postmortems" / "folder.yaml").mkdir()
    with fifo(docs / "postmortems" / "pipe.yaml"):
        with pytest.raises(NotAFile) as refused:
            read_regular(str(docs / "postmortems" / "pipe.yaml"), 100, str(docs))
        assert str(refused.value) == (
            "refused: a named pipe (FIFO), not a regular file; a postmortem must be a regular "
            "file (not read, not published)"
        )
    with pytest.raises(NotAFile, match=r"^refused: a folder, not a regular file"):
        read_regular(str(docs / "postmortems" / "folder.yaml"), 100, str(docs))
    if os.path.exists("/dev/zero"):
        with pytest.raises(NotAFile, match=r"^refused: a character device, not a regular file"):
            read_regular("/dev/zero", 100)
    assert read_regular(str(docs / "postmortems" / "ok.yaml"), 5, str(docs)) == (
        POSTMORTEM.encode()[:5],
        len(POSTMORTEM),
    )


def test_a_link_out_of_docs_is_refused_and_a_link_inside_it_is_read(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    secret = secret_postmortem(tmp_path / "outside")
    write(docs, {"postmortems/real.yaml": POSTMORTEM, "shared/other.yaml": POSTMORTEM})
    pm = docs / "postmortems"
    (pm / "leak.yaml").symlink_to(secret)
    (pm / "linked-folder").symlink_to(secret.parent, target_is_directory=True)
    (pm / "inside.yaml").symlink_to(docs / "shared" / "other.yaml")
    for path in (pm / "leak.yaml", pm / "linked-folder" / "secret.yaml"):
        with pytest.raises(NotAFile) as refused:
            read_regular(str(path), 1000, str(docs))
        assert str(refused.value) == (
            "refused: a symbolic link to a file outside docs_dir; a postmortem must be a file "
            "inside docs_dir (not read, not published)"
        )
    assert read_regular(str(pm / "inside.yaml"), 1000, str(docs))[0] == POSTMORTEM.encode()
    # A file that is not in docs_dir as written (one another plugin adds) is read where it is.
    assert read_regular(str(secret), 1000, str(docs))[0].startswith(b"id: INC-")


@needs_fifo
def test_the_look_alike_scan_skips_pipes_and_links_out_of_docs(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write(docs, {"incidents/moved.yaml": POSTMORTEM})
    (docs / "incidents" / "leak.yaml").symlink_to(secret_postmortem(tmp_path / "outside"))
    settings = Settings(docs_dir=str(docs), project_dir=str(tmp_path))
    with fifo(docs / "incidents" / "pipe.yaml"):
        found = walk(settings)
        assert [f.src_uri for f in found.other_yaml] == [
            "incidents/leak.yaml",
            "incidents/moved.yaml",
            "incidents/pipe.yaml",
        ]
        alikes = look_alikes(settings, found.other_yaml)
    assert [a.source.src_uri for a in alikes] == ["incidents/moved.yaml"]


@needs_fifo
def test_the_loader_refuses_a_pipe_and_a_link_out_of_docs_as_a_document_problem(
    tmp_path: Path,
) -> None:
    """Every front end loads through ``Loader``: the refusal is a problem of the file."""
    docs = tmp_path / "docs"
    pm = docs / "postmortems"
    write(docs, {"postmortems/fine.yaml": incident_yaml(id="INC-OK")})
    (pm / "leak.yaml").symlink_to(secret_postmortem(tmp_path / "outside"))
    settings = Settings(docs_dir=str(docs), project_dir=str(tmp_path))
    pipeline = Pipeline(settings)
    with fifo(pm / "pipe.yaml"):
        files = pipeline.check(discover(settings))
    shown = {f.source.src_uri: [str(p) for p in f.problems] for f in files}
    assert shown == {
        "postmortems/fine.yaml": [],
        "postmortems/leak.yaml": [
            "docs/postmortems/leak.yaml:1:1: (document): refused: a symbolic link to a file "
            "outside docs_dir; a postmortem must be a file inside docs_dir (not read, not "
            "published)"
        ],
        "postmortems/pipe.yaml": [
            "docs/postmortems/pipe.yaml:1:1: (document): refused: a named pipe (FIFO), not a "
            "regular file; a postmortem must be a regular file (not read, not published)"
        ],
    }
    leak = next(f for f in files if f.source.src_uri == "postmortems/leak.yaml")
    assert (leak.data, leak.preview, leak.scanned) == (None, None, None)

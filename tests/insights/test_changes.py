"""What a pull request adds, changes and removes, asked of a real git repository."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from factories import incident_yaml

from mkdocs_postmortem.insights.changes import Change, ChangeSet, compare

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MAX_SIZE = 1_048_576


def postmortems(path: str) -> bool:
    """The ``matches`` predicate of these tests: YAML files under postmortems/."""
    return path.startswith("postmortems/") and path.endswith(".yaml")


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def pm(root: Path, name: str, pid: str, title: str) -> None:
    write(root, f"docs/postmortems/{name}", incident_yaml(id=pid, title=title))


def init(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A branch ``pr`` off ``main`` with every kind of change, committed or not, and ``main``
    moved on after the branch point."""
    root = tmp_path_factory.mktemp("changes") / "repo"
    init(root)
    write(root, "README.md", "readme\n")
    write(root, "docs/index.md", "home\n")
    pm(root, "a.yaml", "INC-A", "Alpha")
    pm(root, "b.yaml", "INC-B", "Bravo")
    pm(root, "c.yaml", "INC-C", "Charlie")
    pm(root, "f.yaml", "INC-F", "Foxtrot")
    pm(root, "g.yaml", "INC-G", "Golf")
    write(root, "docs/postmortems/notes.txt", "not a postmortem\n")
    commit_all(root, "archive")
    git(root, "tag", "base")
    git(root, "checkout", "-q", "-b", "pr")
    pm(root, "a.yaml", "INC-A", "Alpha, revised")  # changed, committed
    pm(root, "e.yaml", "INC-E", "Echo")  # added, committed
    (root / "docs/postmortems/c.yaml").unlink()  # removed, committed
    commit_all(root, "work")
    git(root, "checkout", "-q", "main")
    pm(root, "h.yaml", "INC-H", "Hotel")  # on main after the branch point
    commit_all(root, "main moves on")
    git(root, "checkout", "-q", "pr")
    # Work in progress, not committed.
    pm(root, "d.yaml", "INC-D", "Delta")  # untracked
    (root / "docs/postmortems/f.yaml").unlink()  # deleted in the working tree only
    pm(root, "g.yaml", "INC-G", "Golf, edited")  # modified, not staged
    write(root, "docs/index.md", "home, edited\n")  # not a postmortem
    write(root, "docs/postmortems/notes.txt", "edited\n")  # under postmortems/, not matched
    write(root, "docs/postmortems/new.txt", "untracked, not matched\n")
    write(root, "README.md", "readme, edited\n")  # outside docs
    return root


EXPECTED = [
    Change("changed", "postmortems/a.yaml"),
    Change("removed", "postmortems/c.yaml", "INC-C", "Charlie"),
    Change("added", "postmortems/d.yaml"),
    Change("added", "postmortems/e.yaml"),
    Change("removed", "postmortems/f.yaml", "INC-F", "Foxtrot"),
    Change("changed", "postmortems/g.yaml"),
]


def test_every_kind_of_change_against_the_merge_base(repo: Path) -> None:
    """Committed and uncommitted work alike, compared with where the branch left ``main``: the
    file ``main`` added since (h.yaml) is not shown as removed."""
    result = compare("main", str(repo / "docs"), postmortems, MAX_SIZE)
    assert result.error == ""
    assert result.base == git(repo, "rev-parse", "base")
    assert result.changes == EXPECTED
    assert result.by_src == {c.src_uri: c for c in EXPECTED}


def test_changes_by_kind_and_by_file(repo: Path) -> None:
    result = compare("main", str(repo / "docs"), postmortems, MAX_SIZE)
    assert [c.src_uri for c in result.kind("added")] == [
        "postmortems/d.yaml",
        "postmortems/e.yaml",
    ]
    assert [c.src_uri for c in result.kind("changed")] == [
        "postmortems/a.yaml",
        "postmortems/g.yaml",
    ]
    assert [(c.old_id, c.old_title) for c in result.kind("removed")] == [
        ("INC-C", "Charlie"),
        ("INC-F", "Foxtrot"),
    ]
    assert result.of("postmortems/d.yaml") == Change("added", "postmortems/d.yaml")
    assert result.of("postmortems/b.yaml") is None


def test_a_commit_ref_is_compared_as_given(repo: Path) -> None:
    """A commit of the branch's own history is its own merge base: only what came after it."""
    work = git(repo, "rev-parse", "pr")
    result = compare(work, str(repo / "docs"), postmortems, MAX_SIZE)
    assert result.base == work
    assert result.changes == [
        Change("added", "postmortems/d.yaml"),
        Change("removed", "postmortems/f.yaml", "INC-F", "Foxtrot"),
        Change("changed", "postmortems/g.yaml"),
    ]


def test_the_matches_predicate_chooses_the_files(repo: Path) -> None:
    """Paths given to ``matches`` are relative to the docs folder; non-matching ones are out."""
    seen: list[str] = []

    def only_txt(path: str) -> bool:
        seen.append(path)
        return path.endswith(".txt")

    result = compare("main", str(repo / "docs"), only_txt, MAX_SIZE)
    assert result.changes == [
        Change("added", "postmortems/new.txt"),
        Change("changed", "postmortems/notes.txt"),
    ]
    assert "index.md" in seen and "README.md" not in seen and "../README.md" not in seen


@pytest.mark.parametrize(
    ("max_size", "expected"),
    [
        (MAX_SIZE, ("INC-C", "Charlie")),
        (10, ("", "")),  # larger than allowed: not read from git at all
    ],
)
def test_old_identity_is_read_within_the_size_limit(
    repo: Path, max_size: int, expected: tuple[str, str]
) -> None:
    result = compare("main", str(repo / "docs"), postmortems, max_size)
    removed = result.of("postmortems/c.yaml")
    assert removed is not None and (removed.old_id, removed.old_title) == expected


def test_removed_file_that_was_not_yaml_has_no_old_identity(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    write(root, "docs/postmortems/bad.yaml", "id: [unclosed\n")
    write(root, "docs/postmortems/list.yaml", "- just\n- a list\n")
    commit_all(root, "bad files")
    for name in ("bad.yaml", "list.yaml"):
        (root / "docs/postmortems" / name).unlink()
    result = compare("HEAD", str(root / "docs"), postmortems, MAX_SIZE)
    assert result.error == ""
    assert result.changes == [
        Change("removed", "postmortems/bad.yaml"),
        Change("removed", "postmortems/list.yaml"),
    ]


def test_docs_folder_at_the_top_of_the_repository(tmp_path: Path) -> None:
    """With docs_dir the repository itself, paths have no folder to strip."""
    root = tmp_path / "repo"
    init(root)
    write(root, "postmortems/a.yaml", incident_yaml(id="INC-A"))
    commit_all(root, "one")
    write(root, "postmortems/a.yaml", incident_yaml(id="INC-A", title="Edited"))
    write(root, "postmortems/b.yaml", incident_yaml(id="INC-B"))
    result = compare("HEAD", str(root), postmortems, MAX_SIZE)
    assert result.error == ""
    assert result.changes == [
        Change("changed", "postmortems/a.yaml"),
        Change("added", "postmortems/b.yaml"),
    ]


def test_file_names_come_back_as_written(tmp_path: Path) -> None:
    """Spaces and non-ASCII letters: git's -z output is not quoted."""
    root = tmp_path / "repo"
    init(root)
    pm(root, "gone café.yaml", "INC-1", "Café")
    commit_all(root, "one")
    (root / "docs/postmortems/gone café.yaml").unlink()
    pm(root, "new ünï.yaml", "INC-2", "New")
    result = compare("HEAD", str(root / "docs"), postmortems, MAX_SIZE)
    assert result.changes == [
        Change("removed", "postmortems/gone café.yaml", "INC-1", "Café"),
        Change("added", "postmortems/new ünï.yaml"),
    ]


def test_nothing_changed(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    pm(root, "a.yaml", "INC-A", "Alpha")
    commit_all(root, "one")
    result = compare("HEAD", str(root / "docs"), postmortems, MAX_SIZE)
    assert (result.error, result.changes, result.by_src) == ("", [], {})
    assert result.base == git(root, "rev-parse", "HEAD")


def test_unknown_ref_is_an_error_not_an_exception(repo: Path) -> None:
    result = compare("no-such-ref", str(repo / "docs"), postmortems, MAX_SIZE)
    assert result == ChangeSet(
        ref="no-such-ref", error="cannot compare with 'no-such-ref': git failed"
    )


def test_folder_outside_git_is_an_error_not_an_exception(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIT_CEILING_DIRECTORIES keeps git from finding a repository above the temporary folder
    (the environment git runs in, not the package, is set)."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    plain = tmp_path / "plain"
    plain.mkdir()
    result = compare("main", str(plain), postmortems, MAX_SIZE)
    assert (result.ref, result.base, result.changes, result.by_src) == ("main", "", [], {})
    assert result.error.startswith("cannot compare with 'main': fatal: not a git repository")


def test_missing_docs_folder_is_not_reported_as_git_missing(tmp_path: Path) -> None:
    assert shutil.which("git") is not None
    result = compare("main", str(tmp_path / "absent"), postmortems, MAX_SIZE)
    assert result.error != ""
    assert "git is not installed" not in result.error


def test_environment_is_left_as_it_was(repo: Path) -> None:
    """Comparing reads the repository: the branch, index and working tree stay as they were."""
    before = git(repo, "status", "--porcelain", "-z"), git(repo, "rev-parse", "HEAD")
    compare("main", str(repo / "docs"), postmortems, MAX_SIZE)
    assert (git(repo, "status", "--porcelain", "-z"), git(repo, "rev-parse", "HEAD")) == before

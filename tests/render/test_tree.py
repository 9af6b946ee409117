"""The tree `mkdocs-postmortem render` writes: only files it wrote itself are ever replaced or
removed, and nothing is written or removed outside its folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mkdocs_postmortem.render.tree import MARKER, Manifest, WriteReport, read_manifest, write_tree


def manifest_of(out: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((out / MARKER).read_text(encoding="utf-8"))
    return loaded


def test_first_run_writes_every_file_and_the_manifest(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    report = write_tree(str(out), "pm", {"pm/index.md": "# Home\n", "pm/a/b.md": "B ☃\n"})
    assert report == WriteReport(written=["pm/a/b.md", "pm/index.md"])
    assert (out / "pm" / "index.md").read_text(encoding="utf-8") == "# Home\n"
    assert (out / "pm" / "a" / "b.md").read_bytes() == "B ☃\n".encode()
    assert (out / MARKER).read_text(encoding="utf-8") == (
        "{\n"
        '  "generator": "mkdocs-postmortem render",\n'
        '  "prefix": "pm",\n'
        '  "files": [\n'
        '    "pm/a/b.md",\n'
        '    "pm/index.md"\n'
        "  ]\n"
        "}\n"
    )
    assert sorted(p.name for p in out.rglob("*.tmp")) == []


def test_second_run_reports_unchanged_written_and_removed(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_tree(str(out), "pm", {"pm/same.md": "s", "pm/edit.md": "1", "pm/old/gone.md": "g"})
    report = write_tree(str(out), "pm", {"pm/same.md": "s", "pm/edit.md": "2", "pm/new.md": "n"})
    assert report == WriteReport(
        written=["pm/edit.md", "pm/new.md"],
        unchanged=["pm/same.md"],
        removed=["pm/old/gone.md"],
    )
    assert (out / "pm" / "edit.md").read_text() == "2"
    assert not (out / "pm" / "old").exists()  # its folder, now empty, went with it
    assert manifest_of(out)["files"] == ["pm/edit.md", "pm/new.md", "pm/same.md"]


def test_a_file_not_written_by_an_earlier_run_is_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    (out / "pm").mkdir(parents=True)
    (out / "pm" / "index.md").write_text("mine", encoding="utf-8")
    report = write_tree(str(out), "pm", {"pm/index.md": "generated", "pm/x.md": "x"})
    assert report == WriteReport(written=["pm/x.md"], refused=["pm/index.md"])
    assert (out / "pm" / "index.md").read_text() == "mine"
    assert manifest_of(out)["files"] == ["pm/x.md"]
    again = write_tree(str(out), "pm", {"pm/index.md": "generated", "pm/x.md": "x"})
    assert again == WriteReport(unchanged=["pm/x.md"], refused=["pm/index.md"])
    assert (out / "pm" / "index.md").read_text() == "mine"


def test_a_file_not_written_by_an_earlier_run_is_never_deleted(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_tree(str(out), "pm", {"pm/a.md": "a"})
    (out / "pm" / "notes.md").write_text("mine", encoding="utf-8")
    report = write_tree(str(out), "pm", {})
    assert report == WriteReport(removed=["pm/a.md"])
    assert (out / "pm" / "notes.md").read_text() == "mine"
    assert (out / "pm").is_dir()  # not empty: kept


def test_empty_parent_folders_are_removed_up_to_the_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_tree(str(out), "pm", {"pm/a/b/c.md": "c", "pm/keep.md": "k"})
    write_tree(str(out), "pm", {"pm/keep.md": "k"})
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        MARKER,
        "pm",
        "pm/keep.md",
    ]
    write_tree(str(out), "pm", {})
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [MARKER]
    assert out.is_dir()


@pytest.mark.parametrize(
    "rel",
    [
        "../escape.md",
        "pm/../../escape.md",
        "/etc/passwd",
        "pm\\..\\x.md",
        "C:/x.md",
        "pm/./x.md",
        "pm//x.md",
        "",
        ".",
        "..",
        MARKER,
    ],
)
def test_paths_that_would_leave_the_folder_raise(tmp_path: Path, rel: str) -> None:
    out = tmp_path / "docs"
    with pytest.raises(ValueError, match="refusing to write"):
        write_tree(str(out), "pm", {rel: "x"})
    assert not (tmp_path / "escape.md").exists()


def test_a_symlinked_folder_pointing_outside_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    (out / "pm").symlink_to(elsewhere, target_is_directory=True)
    report = write_tree(str(out), "pm", {"pm/a.md": "a", "top.md": "t"})
    assert report == WriteReport(written=["top.md"], refused=["pm/a.md"])
    assert list(elsewhere.iterdir()) == []
    assert manifest_of(out)["files"] == ["top.md"]


def test_a_manifest_entry_through_a_symlink_is_not_removed(tmp_path: Path) -> None:
    """A hand-edited manifest or a folder replaced by a link cannot make a run delete a file
    elsewhere."""
    out = tmp_path / "docs"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.md").write_text("precious", encoding="utf-8")
    out.mkdir()
    (out / "pm").symlink_to(elsewhere, target_is_directory=True)
    (out / MARKER).write_text(json.dumps({"prefix": "pm", "files": ["pm/a.md"]}), "utf-8")
    assert write_tree(str(out), "pm", {}) == WriteReport()
    assert (elsewhere / "a.md").read_text() == "precious"


def test_a_file_that_is_a_link_is_replaced_not_written_through(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_tree(str(out), "pm", {"pm/a.md": "a"})
    target = tmp_path / "outside.md"
    target.write_text("outside", encoding="utf-8")
    (out / "pm" / "a.md").unlink()
    (out / "pm" / "a.md").symlink_to(target)
    assert write_tree(str(out), "pm", {"pm/a.md": "new"}) == WriteReport(written=["pm/a.md"])
    assert target.read_text() == "outside"
    assert not (out / "pm" / "a.md").is_symlink()
    assert (out / "pm" / "a.md").read_text() == "new"


def test_manifest_dump_sorts_the_files() -> None:
    assert json.loads(Manifest("pm", ["b", "a"]).dump()) == {
        "generator": "mkdocs-postmortem render",
        "prefix": "pm",
        "files": ["a", "b"],
    }


def test_read_manifest_drops_entries_that_leave_the_folder(tmp_path: Path) -> None:
    path = tmp_path / MARKER
    files = [
        "pm/a.md",
        "../x.md",
        "/abs.md",
        "pm/../../y.md",
        "a\\b.md",
        "C:/z.md",
        3,
        None,
        "b.md",
    ]
    path.write_text(json.dumps({"prefix": "pm", "files": files}), encoding="utf-8")
    assert read_manifest(str(path)) == Manifest(prefix="pm", files=["pm/a.md", "b.md"])


@pytest.mark.parametrize(
    "text",
    ["{not json", "[1, 2]", '"files"', "", "\xff"],
    ids=["broken", "list", "string", "empty", "not-utf8"],
)
def test_read_manifest_tolerates_an_unreadable_manifest(tmp_path: Path, text: str) -> None:
    path = tmp_path / MARKER
    path.write_bytes(text.encode("latin-1"))
    assert read_manifest(str(path)) is None


def test_read_manifest_of_a_missing_file(tmp_path: Path) -> None:
    assert read_manifest(str(tmp_path / MARKER)) is None
    assert read_manifest(str(tmp_path)) is None  # a folder, not a file


def test_a_broken_manifest_owns_nothing(tmp_path: Path) -> None:
    """With the manifest unreadable, files already there count as someone else's."""
    out = tmp_path / "docs"
    write_tree(str(out), "pm", {"pm/a.md": "a"})
    (out / MARKER).write_text("{broken", encoding="utf-8")
    report = write_tree(str(out), "pm", {"pm/a.md": "b"})
    assert report == WriteReport(refused=["pm/a.md"])
    assert (out / "pm" / "a.md").read_text() == "a"
    assert manifest_of(out) == {
        "generator": "mkdocs-postmortem render",
        "prefix": "pm",
        "files": [],
    }


def test_read_manifest_defaults(tmp_path: Path) -> None:
    path = tmp_path / MARKER
    path.write_text("{}", encoding="utf-8")
    assert read_manifest(str(path)) == Manifest(prefix="", files=[])


def test_the_manifest_keeps_the_date_overdue_items_were_counted_against(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_tree(str(out), "pm", {"pm/index.md": "# Home\n"}, as_of="2026-03-01")
    assert manifest_of(out)["as_of"] == "2026-03-01"
    read = read_manifest(str(out / MARKER))
    assert read is not None and read.as_of == "2026-03-01"
    (out / MARKER).write_text(
        json.dumps({"prefix": "pm", "as_of": "yesterday", "files": []}), encoding="utf-8"
    )
    read = read_manifest(str(out / MARKER))
    assert read is not None and read.as_of == ""  # not a date: the build's own day is used


def test_a_page_renamed_to_its_id_as_written_replaces_the_lower_case_one(tmp_path: Path) -> None:
    """Pages of earlier versions were named in lower case; the next run writes the id as
    written and removes the old name (where the file system ignores case, the two names are
    one file: it is kept, under the new name's text)."""
    out = tmp_path / "docs"
    write_tree(str(out), "pm", {"pm/incidents/inc-1.md": "old"})
    report = write_tree(str(out), "pm", {"pm/incidents/INC-1.md": "new"})
    assert report.refused == []
    assert [p.name for p in (out / "pm" / "incidents").iterdir()] == ["INC-1.md"]
    assert (out / "pm" / "incidents" / "INC-1.md").read_text(encoding="utf-8") == "new"
    assert manifest_of(out)["files"] == ["pm/incidents/INC-1.md"]


def test_where_case_is_ignored_the_lower_case_page_is_not_a_stranger(tmp_path: Path) -> None:
    """A file system that ignores case finds the new name already there: it is the page the
    last run wrote (the same file, here a hard link stands for that), not a team's file."""
    out = tmp_path / "docs"
    write_tree(str(out), "pm", {"pm/incidents/inc-1.md": "old"})
    folder = out / "pm" / "incidents"
    (folder / "INC-1.md").hardlink_to(folder / "inc-1.md")
    report = write_tree(str(out), "pm", {"pm/incidents/INC-1.md": "new"})
    assert report.refused == [] and report.written == ["pm/incidents/INC-1.md"]
    assert (folder / "INC-1.md").read_text(encoding="utf-8") == "new"

"""mkdocs.yml read without running anything: the command line finds a site's config, and reads
the plugin's options, with a loader that constructs no Python object.

MkDocs' own loader builds whatever a ``!!python/...`` tag names (Material's emoji options name
functions that way), so loading a config with it runs code. A ``mkdocs.yml`` inside a docs
folder may come from a stranger's pull request, and the pre-commit hook runs on every commit:
here such tags are kept as opaque ``Tagged`` values, ``!ENV`` is read as MkDocs reads it and
``INHERIT`` is applied as MkDocs applies it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import yaml

from ..core.discover import NotAFile, read_regular


class ConfigFileError(Exception):
    """A config file that cannot be read; the message names it."""


@dataclass(frozen=True)
class Tagged:
    """A value under a tag this reader does not construct (``!!python/name:...``,
    ``!relative``): kept as written, never built."""

    tag: str
    text: str = ""

    def __str__(self) -> str:
        return f"{self.tag} {self.text}".strip()


class _SafeConfigLoader(yaml.SafeLoader):
    """PyYAML's safe loader (YAML 1.1 scalars, as MkDocs reads them), with ``!ENV``, and any
    other tag an opaque value instead of an error."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``, exactly as MkDocs' ``yaml_env_tag``:
    the first variable set, its text read with YAML's implicit types; else the default."""
    default = None
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    elif isinstance(node, yaml.SequenceNode):
        children = node.value
        if len(children) > 1:
            default = loader.construct_object(children[-1])
            children = children[:-1]
        names = [loader.construct_scalar(child) for child in children]
    else:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"expected a scalar or sequence node, but found {type(node).__name__}",
            node.start_mark,
        )
    for name in names:
        if name in os.environ:
            value = os.environ[name]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


def _tagged(loader: yaml.SafeLoader, node: yaml.Node) -> Tagged:
    """Any other tag: what it names is neither imported nor called, nor its value read."""
    text = node.value if isinstance(node, yaml.ScalarNode) else ""
    return Tagged(str(node.tag), str(text))


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A YAML date that is no day (``as_of: 2026-13-45``) is a parse error at its line, not a
    crash (PyYAML raises a bare ValueError there)."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a date: {exc}", node.start_mark
        ) from None


_SafeConfigLoader.add_constructor("!ENV", _env)
_SafeConfigLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_SafeConfigLoader.add_constructor(None, _tagged)

CONFIG_SIZE = 4 * 1024 * 1024
"""Most bytes of a config file read: a config is a few KB; a larger file is no config."""

INHERIT_DEPTH = 16
"""Most files an ``INHERIT`` chain may hold (MkDocs would recurse until it fails)."""


def read_config(path: str) -> dict[str, Any]:
    """``path`` as MkDocs reads it (``INHERIT`` merged in, ``!ENV`` resolved), without
    constructing a Python object. Raises ConfigFileError."""
    return _read(os.path.abspath(path), 0)


def read_options(path: str) -> dict[str, Any]:
    """A file of the plugin's own options (``--options``): a mapping written exactly as under
    ``- postmortem:`` in mkdocs.yml, read as safely as mkdocs.yml is (no ``INHERIT``: it holds
    one plugin's options, not a site's settings). Raises ConfigFileError."""
    path = os.path.abspath(path)
    data = _load(path, "an options file")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigFileError(
            f"{path}: expected a mapping of the postmortem plugin's options, as under "
            "`- postmortem:` in mkdocs.yml"
        )
    return data


def _load(path: str, what: str) -> Any:
    """The YAML of ``path``, read with the safe loader. Raises ConfigFileError."""
    try:
        raw, size = read_regular(path, CONFIG_SIZE + 1)
    except NotAFile as exc:
        raise ConfigFileError(f"{path}: {str(exc).split(';')[0]}") from None
    except FileNotFoundError:
        hint = " (use -f to point at mkdocs.yml)" if what == "a config file" else ""
        raise ConfigFileError(f"{path} does not exist{hint}") from None
    except OSError as exc:
        raise ConfigFileError(f"{path}: {exc.strerror or exc}") from None
    if size > CONFIG_SIZE:
        raise ConfigFileError(f"{path}: {size:,} bytes is too large for {what}")
    try:
        return yaml.load(raw, Loader=_SafeConfigLoader)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, RecursionError) as exc:
        if what != "a config file":
            raise ConfigFileError(f"{path}: {exc}") from None
        raise ConfigFileError(
            f"{path}: MkDocs encountered an error parsing the configuration file: {exc}"
        ) from None


def _read(path: str, depth: int) -> dict[str, Any]:
    data = _load(path, "a config file")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigFileError(f"{path}: expected a mapping of settings such as site_name")
    parent = data.pop("INHERIT", None)
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise ConfigFileError(f"{path}: INHERIT must be the path of a config file")
    if depth >= INHERIT_DEPTH:
        raise ConfigFileError(f"{path}: INHERIT goes more than {INHERIT_DEPTH} files deep")
    inherited = os.path.normpath(os.path.join(os.path.dirname(path), parent))
    if not os.path.exists(inherited):
        raise ConfigFileError(
            f"{path}: Inherited config file '{parent}' does not exist at '{inherited}'."
        )
    return merge(_read(inherited, depth + 1), data)


def merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """``child`` over ``base`` as MkDocs merges an inherited config (mergedeep's default):
    mappings merged key by key, anything else replaced."""
    for key, value in child.items():
        below = base.get(key)
        if isinstance(below, dict) and isinstance(value, dict):
            base[key] = merge(below, value)
        else:
            base[key] = value
    return base

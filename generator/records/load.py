"""Strict YAML loading for hand-written records.

PyYAML's defaults are wrong for records typed by people: duplicate keys are silently
dropped, `no` becomes False, `08:30` becomes 510, `0777` becomes 511 and `2024-01-15`
becomes a date object. This loader uses libyaml's parser with a YAML 1.2-style resolver
(only `true`/`false` are booleans, only plain decimals are numbers, dates stay text),
builds plain Python data itself, and remembers the line and column of every value.

Where libyaml is missing (the form's validator runs this module in the browser, through Pyodide,
with PyYAML's pure-Python parser) the same rules hold with PyYAML's own scanner and parser; it
refuses too-deep nesting where libyaml does, so both give the same messages at the same places.
"""

from __future__ import annotations

import gc
import math
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
import yaml.reader
from yaml.composer import Composer
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner, ScannerError
from yaml.tokens import ScalarToken

from generator.records.invisible import INVISIBLE, NONCHARACTER, first_invisible
from generator.records.pasted import Found, as_plain_spaces, conflict_marker, pasted_characters
from generator.records.yaml_messages import explain

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 40
MAX_PASTED = 1000  # pasted characters remembered per file (the workspace shows the first 50)
MAX_DIGITS = 18  # an 18-digit NIP is the longest number a record holds (and it is written as text)

# Characters that show nothing but change what a text says are refused by Unicode category
# (invisible.py); the NEL/LS/PS line breaks YAML counts as new lines (editors do not) are among them.
# What a double-quoted escape (`"\x1b"`, `"\0"`) can smuggle past the reader's own check.
HIDDEN_IN_ESCAPE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f]|{INVISIBLE.pattern}|{NONCHARACTER.pattern}")

Where = tuple[int, int]  # 1-based line and column
KeyPath = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class LoadError(Exception):
    """A file that cannot be read as a record; carries where and how to fix it."""

    def __init__(self, message: str, where: Where = (1, 1), hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint


class StrictResolver(BaseResolver):
    """YAML 1.2 core schema, minus the forms people type by accident."""

    yaml_implicit_resolvers: dict = {}


StrictResolver.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
StrictResolver.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
StrictResolver.add_implicit_resolver(_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
StrictResolver.add_implicit_resolver(
    _FLOAT, re.compile(r"^[-+]?(?:[0-9]+\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"), list("-+0123456789")
)


# What StrictResolver's patterns give a plain scalar, looked up at once: the words of true, false
# and null whole (a plain scalar never ends with a line break, where the patterns' `$` would also
# match), numbers by their patterns (tried in the same order) only for a sign or digit first.
_WORDS = {
    word: tag
    for tag, words in ((_BOOL, "true True TRUE false False FALSE"), (_NULL, "~ null Null NULL"))
    for word in words.split()
} | {"": _NULL}
_NUMBERS = tuple((tag, regexp) for tag, regexp in StrictResolver.yaml_implicit_resolvers["0"] if tag in (_INT, _FLOAT))
_NUMBER_START = frozenset("-+0123456789")


def _resolve(self: Any, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
    # Called for every untagged node (~660 times for a complete record): a lean BaseResolver.resolve.
    if kind is ScalarNode:
        if implicit[0]:
            tag = _WORDS.get(value)
            if tag is not None:
                return tag
            if value[:1] in _NUMBER_START:
                for tag, regexp in _NUMBERS:
                    if regexp.match(value):
                        return tag
        return _STR
    return _SEQ if kind is SequenceNode else _MAP


_BLANKZ = "\0 \t\r\n\x85\u2028\u2029"
NESTING_LIMIT = 1000  # libyaml's own; the pure scanner refuses at the same token


class _PureParser(Reader, Scanner, Parser, Composer, StrictResolver):
    """PyYAML's own reader, scanner, parser and composer (no libyaml): slower, same results."""

    def __init__(self, text: str):
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        StrictResolver.__init__(self)

    resolve = _resolve

    def fetch_flow_collection_start(self, TokenClass: Any) -> None:  # noqa: N803 - PyYAML's name
        if self.flow_level + 1 >= NESTING_LIMIT:
            self._too_deep("while increasing flow level")
        Scanner.fetch_flow_collection_start(self, TokenClass)

    def add_indent(self, column: int) -> bool:
        if self.indent < column and len(self.indents) + 1 >= NESTING_LIMIT:
            self._too_deep("while increasing block level")
        return bool(Scanner.add_indent(self, column))

    def _too_deep(self, context: str) -> None:
        mark = self.get_mark()
        raise ScannerError(context, mark, "exceeded maximum nesting depth", mark)

    def scan_flow_scalar_non_spaces(self, double: bool, start_mark: Mark) -> Any:
        try:
            return Scanner.scan_flow_scalar_non_spaces(self, double, start_mark)
        except ScannerError as exc:
            # libyaml points at the backslash of an unknown escape, the pure scanner after it.
            mark = exc.problem_mark
            if mark is not None and (exc.problem or "").startswith("found unknown escape"):
                exc.problem_mark = Mark(mark.name, mark.index - 1, mark.line, mark.column - 1, None, None)
            raise

    def scan_plain(self) -> ScalarToken:
        """PyYAML's plain scalar, with libyaml's flow rules: a '?' inside a value does not end it,
        and a ':' right before a flow indicator is an error (not the end of the value)."""
        chunks: list[str] = []
        start_mark = end_mark = self.get_mark()
        indent = self.indent + 1
        spaces: list[str] = []
        while self.peek() != "#":
            length = 0
            while True:
                ch = self.peek(length)
                if ch in _BLANKZ:
                    break
                after = self.peek(length + 1)
                if self.flow_level and ch == ":" and after in ",?[]{}":
                    self.forward(length)
                    raise ScannerError(
                        "while scanning a plain scalar", start_mark, "found unexpected ':'", self.get_mark()
                    )
                if (ch == ":" and after in _BLANKZ) or (self.flow_level and ch in ",[]{}"):
                    break
                length += 1
            if length == 0:
                break
            self.allow_simple_key = False
            chunks.extend(spaces)
            chunks.append(self.prefix(length))
            self.forward(length)
            end_mark = self.get_mark()
            spaces = self.scan_plain_spaces(indent, start_mark)
            if not spaces or self.peek() == "#" or (not self.flow_level and self.column < indent):
                break
        return ScalarToken("".join(chunks), True, start_mark, end_mark)

    def get_single_node(self) -> Node | None:
        # Composing recurses once or twice per level of nesting; Python frames (not the C stack,
        # since 3.11) are what the limit counts, so allow what the nesting limit allows.
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 3 * NESTING_LIMIT + 500))
        try:
            return Composer.get_single_node(self)  # type: ignore[no-any-return]
        finally:
            sys.setrecursionlimit(limit)

    def dispose(self) -> None:
        pass


try:
    from yaml.cyaml import CParser  # libyaml: about 4x faster than the pure parser

    class _LibyamlParser(CParser, StrictResolver):  # type: ignore[misc]
        """libyaml's parser and composer (fast), with our resolver deciding the types."""

        def __init__(self, text: str):
            CParser.__init__(self, text)
            StrictResolver.__init__(self)

        resolve = _resolve
        # libyaml's composer calls these around every node; they only serve path resolvers, which
        # this loader never registers. Builtins that take the same arguments and do nothing of
        # note save two Python calls per node (a tenth of composing).
        descend_resolver = staticmethod(slice)  # (parent, index) -> a slice, dropped
        ascend_resolver = staticmethod(tuple)  # () -> the empty tuple

    PARSERS: dict[str, type] = {"libyaml": _LibyamlParser, "python": _PureParser}
except ImportError:  # PyYAML built without libyaml (the browser)
    PARSERS = {"python": _PureParser}
_Parser: type = next(iter(PARSERS.values()))


@dataclass(frozen=True)
class Loaded:
    """Plain data of one YAML file, and its node tree to tell where each value stands."""

    path: Path
    data: Any
    text: str = field(default="", repr=False, compare=False)
    pasted: tuple[Found, ...] = field(default=(), repr=False, compare=False)  # Word characters, each a problem
    # Every string value (not the keys) in document order, as the builder met them: checks that
    # search all texts of a record search these without walking the data (value_texts.py).
    texts: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @cached_property
    def node(self) -> Node | None:
        """The node tree, composed again only when a position is asked for: keeping 500
        nodes per file alive for every record would make loading several times slower."""
        return _compose(self.text) if self.text else None

    def where(self, keypath: KeyPath, *, key: bool = False) -> Where:
        """Line and column of a value (or of its key), or of the nearest enclosing value.

        Positions are looked up in the node tree only when a problem needs one, which
        keeps loading fast."""
        node = self.node
        if node is None:
            return (1, 1)
        found = _where(node)
        for depth, step in enumerate(keypath, 1):
            if isinstance(node, MappingNode):
                pair = next(((k, v) for k, v in node.value if k.value == step), None)
                if pair is None:
                    break
                if key and depth == len(keypath):
                    return _where(pair[0])
                node = pair[1]
            elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
            else:
                break
            found = _where(node)
        return found


def load_file(path: Path) -> Loaded:
    """Read one record file strictly; raise LoadError with a position on any problem."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LoadError(
                f"berkas terlalu besar ({size // 1024} KiB; batas {MAX_BYTES // 1024} KiB)",
                hint="satu berkas catatan cukup memuat satu kegiatan; lampiran disimpan sebagai berkas terpisah",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"berkas tidak dapat dibaca: {exc.strerror or exc}") from None
    return load_text(decode(raw), path)


def decode(raw: bytes) -> str:
    """UTF-8 text (a BOM is allowed); anything else is an error with its line."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError("berkas disimpan sebagai UTF-16", hint="simpan ulang berkas sebagai UTF-8")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadError(
            f"berkas bukan teks UTF-8 yang sah (byte 0x{raw[exc.start]:02x})",
            (line, column),
            "simpan ulang berkas dengan pengodean UTF-8 (misalnya dari editor: Save with Encoding > UTF-8)",
        ) from None
    # Windows (CRLF) and old Mac (CR) line endings: YAML counts them as line breaks, and so
    # must every position we compute ourselves.
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def load_text(text: str, path: Path) -> Loaded:
    """Parse YAML text into plain data with positions. Pasted Word characters do not stop the
    reading: they are kept in `pasted` (every one of them), and their spaces read as spaces."""
    conflict = conflict_marker(text)
    if conflict:
        raise LoadError(*conflict)
    pasted = tuple(pasted_characters(text, MAX_PASTED))
    if pasted:
        text = as_plain_spaces(text)
    if "\t" in text:
        line = text.count("\n", 0, text.index("\t")) + 1
        column = text.index("\t") - (text.rfind("\n", 0, text.index("\t")) + 1) + 1
        raise LoadError(
            "karakter tab tidak boleh dipakai", (line, column), "ganti tab dengan spasi (dua spasi per tingkat)"
        )
    hidden = first_invisible(text)
    if hidden:
        raise _invisible(hidden.group(), _position(text, hidden.start()))
    forbidden = None if text.isascii() else NONCHARACTER.search(text)
    if forbidden:
        raise _noncharacter(forbidden.group(), _position(text, forbidden.start()))
    node = _compose(text)
    builder = _Builder(anchors="&" in text)
    data = None if node is None else builder.build(node, 0)
    return Loaded(path, data, text, pasted, tuple(builder.texts))


def _position(text: str, index: int) -> Where:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _invisible(char: str, where: Where) -> LoadError:
    return LoadError(
        f"berkas memuat karakter tak terlihat (U+{ord(char):04X})",
        where,
        "hapus karakter tersebut: tidak tampak di layar tetapi mengubah isi atau arah teks "
        "(sering terbawa saat menyalin dari dokumen lain, situs web atau media sosial)",
    )


def _noncharacter(char: str, where: Where) -> LoadError:
    """A code point Unicode reserves as never a character (U+FFFE, U+FDD0...): XML, and so Word and
    every published page, cannot hold it."""
    return LoadError(
        f"berkas memuat kode U+{ord(char):04X}, yang bukan karakter teks",
        where,
        "hapus karakter tersebut (atau urutan escape \\u… yang menuliskannya); "
        "dokumen Word dan halaman portal tidak dapat memuatnya",
    )


def _compose(text: str) -> Node | None:
    parser = None
    try:
        parser = _Parser(text)  # the pure reader checks the characters here already
        return parser.get_single_node()  # type: ignore[no-any-return]
    except yaml.MarkedYAMLError as exc:
        raise _within(LoadError(*explain(exc)), text) from None
    except RecursionError:  # a limit of the machine the parser runs on, not of the record
        raise LoadError("struktur bersarang terlalu dalam") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise LoadError(
            f"berkas memuat karakter kendali yang tidak terlihat (U+{code:04X})",
            (line, column),
            "hapus karakter tersebut (sering terbawa saat menyalin dari dokumen lain)",
        ) from None
    except yaml.YAMLError as exc:
        raise LoadError(f"YAML tidak valid ({exc})") from None
    finally:
        if parser is not None:
            parser.dispose()


class _Builder:
    """Turns composed nodes into plain data, refusing what a record never needs."""

    def __init__(self, anchors: bool) -> None:
        # Without an '&' in the text there is no anchor, so no node can come back as an alias.
        self.seen: set[int] | None = set() if anchors else None
        self.texts: list[str] = []  # every string value, in document order

    def build(self, node: Node, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise LoadError(f"struktur bersarang terlalu dalam (lebih dari {MAX_DEPTH} tingkat)", _where(node))
        if self.seen is not None:
            self._refuse_alias(node)
        if isinstance(node, ScalarNode):
            value = _scalar(node)
            if isinstance(value, str):
                self.texts.append(value)
            return value
        if isinstance(node, SequenceNode):
            _check_tag(node, _SEQ)
            return [self._item(item, depth + 1) for item in node.value]
        return self._mapping(node, depth)

    def _item(self, node: Node, depth: int) -> Any:
        """A list item: a mapping that repeats its own first key lost the '- ' of the next item."""
        if isinstance(node, MappingNode) and node.value and (self.seen is None or id(node) not in self.seen):
            first = node.value[0][0]
            again = next((k for k, _ in node.value[1:] if k.value == first.value), None)
            if isinstance(first, ScalarNode) and again is not None:
                raise LoadError(
                    f"kunci '{first.value}' ditulis dua kali (pertama di baris {_where(first)[0]}): "
                    "tanda '-' butir baru terlupa",
                    _where(again),
                    f"tambahkan '- ' di depan `{first.value}:` pada baris ini; setiap butir daftar "
                    f"(misalnya setiap langkah) diawali '- {first.value}:'",
                )
        return self.build(node, depth)

    def _refuse_alias(self, node: Node) -> None:
        assert self.seen is not None
        if id(node) in self.seen:
            # libyaml's composer hands back the anchored node itself for every alias.
            raise LoadError(
                "anchor dan alias (& dan *) tidak diizinkan",
                _where(node),
                "tulis nilainya langsung di setiap tempat; catatan harus dapat dibaca tanpa rujukan",
            )
        self.seen.add(id(node))

    def _mapping(self, node: MappingNode, depth: int) -> dict[str, Any]:
        _check_tag(node, _MAP)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in (_STR, _INT, _BOOL, _NULL, _FLOAT):
                raise LoadError("kunci harus berupa teks biasa", _where(key_node))
            key = key_node.value
            if key_node.style == '"' and HIDDEN_IN_ESCAPE.search(key):
                _refuse_escaped(key_node)
            if key == "<<":
                raise LoadError(
                    "kunci gabungan '<<' tidak diizinkan", _where(key_node), "tulis setiap kunci secara langsung"
                )
            if key in result:
                first = next(k for k, _ in node.value if k.value == key)
                raise LoadError(
                    f"kunci '{key}' ditulis dua kali (pertama di baris {_where(first)[0]})",
                    _where(key_node),
                    "hapus salah satunya; YAML hanya menyimpan yang terakhir dan diam-diam membuang yang lain",
                )
            result[key] = self.build(value_node, depth + 1)
        return result


def _where(node: Node) -> Where:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _check_tag(node: Node, expected: str) -> None:
    if node.tag != expected:
        raise _bad_tag(node)


def _bad_tag(node: Node) -> LoadError:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    return LoadError(
        f"tag YAML '{tag}' tidak diizinkan",
        _where(node),
        "hapus tag yang diawali tanda seru (!); catatan hanya memuat teks, bilangan, true/false dan daftar",
    )


def _scalar(node: ScalarNode) -> Any:
    tag, value = node.tag, node.value
    if tag == _STR:
        if node.style == '"' and HIDDEN_IN_ESCAPE.search(value):
            _refuse_escaped(node)
        return value
    convert = _CONVERTERS.get(tag)
    # An explicit tag (`!!int abc`) can pair a type with text our resolver would not give it.
    if convert is None or not _PATTERNS[tag].match(value):
        raise _bad_tag(node)
    if tag in (_INT, _FLOAT) and len(value.lstrip("+-").split(".")[0]) > MAX_DIGITS:
        raise LoadError(
            f"bilangan terlalu panjang (lebih dari {MAX_DIGITS} digit)",
            _where(node),
            'bila ini nomor atau kode, bukan jumlah, beri tanda kutip: "..."',
        )
    result = convert(value)
    if tag == _FLOAT and not math.isfinite(result):
        raise LoadError("bilangan terlalu besar", _where(node), "periksa penulisan bilangan ini")
    return result


def _refuse_escaped(node: ScalarNode) -> None:
    """A double-quoted escape (`"\\x1b"`, `"\\0"`, `"\\uFFFE"`) that writes a character the text could not hold."""
    char = HIDDEN_IN_ESCAPE.search(node.value).group()  # type: ignore[union-attr]
    if INVISIBLE.match(char):
        raise _invisible(char, _where(node))
    if NONCHARACTER.match(char):
        raise _noncharacter(char, _where(node))
    raise LoadError(
        f"berkas memuat karakter kendali yang tidak terlihat (U+{ord(char):04X})",
        _where(node),
        "hapus urutan escape (\\x.., \\0, \\e ...) dari nilai ini; catatan hanya memuat teks biasa",
    )


_PATTERNS = {tag: regexp for first in StrictResolver.yaml_implicit_resolvers.values() for tag, regexp in first}
_CONVERTERS: dict[str, Callable[[str], Any]] = {
    _INT: int,
    _FLOAT: float,
    _BOOL: lambda v: v.lower() == "true",
    _NULL: lambda v: None,
}


def _within(error: LoadError, text: str) -> LoadError:
    """libyaml places an error at the end of the stream one line past a last line that has
    no newline: no editor can go there, so point at the end of that last line instead."""
    lines = text.split("\n")
    if error.where[0] > len(lines):
        error.where = (len(lines), len(lines[-1]) + 1)
    return error


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small acyclic objects are made (records,
    commits): it would rescan them again and again (7x slower at 1,000 records); reference
    counting alone frees them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

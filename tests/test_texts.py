"""The text catalogue (ketenmining/texts/): complete, used, and the only home of bilingual text."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from support import REPO

from ketenmining import texts

PKG = REPO / "ketenmining"
CATALOGUE = PKG / "texts"
# Functions of ketenmining.texts whose first argument is a message id (for ids, a prefix).
READERS = {"tr", "both", "has", "entry", "ids", "table"}
PREFIX_READERS = {"ids", "table"}
TEMPLATE_CALL = re.compile(r"""\bt\(\s*["']([^"']+)["']""")
# The readers' own pass-through of the id they were given (LintContext.t, Reader.problem, …).
PASS_THROUGH = {"msgid", "hint"}
# Methods that take message ids, by package: name → argument positions (the protocol
# reader's and lint context's t, problem and finding).
ID_METHODS = {"protocol": {"t": (0,), "problem": (1, 2), "finding": (2, 3)}}
# Helpers that read the catalogue with a fixed id prefix, by package: name → (prefix, reason,
# whether string constants of the package that are keys under the prefix count as used).
WRAPPERS: dict[str, dict[str, tuple[str, str, bool]]] = {
    "report": {
        "tx": (
            "report.",
            "tx(key, lang) in the audit renderers: 300-odd calls that the Jinja2 templates of "
            "issue 9 item 3 rewrite, so they keep their short keys; header lists name keys as "
            "constants (DOCUMENT_HEADERS …), which count as used",
            True,
        )
    },
    "discover": {
        "text": (
            "discover.",
            "Labels.text(key): the map code asks its labels for a text, and the audit's labels "
            "answer some keys in the audit's words (audit.map.*)",
            False,
        )
    },
}


def _areas() -> list[str]:
    return sorted(p.stem for p in CATALOGUE.glob("*.py") if p.stem != "__init__")


def _all_ids() -> list[str]:
    return [f"{name}.{key}" for name in _areas() for key in texts.area(name)]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _code_modules() -> list[Path]:
    return [p for p in sorted(PKG.rglob("*.py")) if CATALOGUE not in p.parents]


def _ids_in(arg: ast.expr, exact: set[str], prefixes: set[str], is_prefix: bool) -> bool:
    """Add the id (or ids, for ``a if c else b``) that ``arg`` names; False when it names none."""
    if isinstance(arg, ast.IfExp):
        return _ids_in(arg.body, exact, prefixes, is_prefix) and _ids_in(
            arg.orelse, exact, prefixes, is_prefix
        )
    if isinstance(arg, ast.Constant) and arg.value is None:
        return True
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        (prefixes if is_prefix else exact).add(arg.value)
        return True
    if isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
        prefixes.add(str(arg.values[0].value))
        return True
    if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Add):  # "a.b." + ("x" if … else "y")
        return _ids_in(arg.left, prefixes, prefixes, True)
    return False


def _id_arguments() -> tuple[set[str], set[str], list[str]]:
    """Message ids the code names: exact ids, f-string prefixes, and calls with neither."""
    exact: set[str] = set()
    prefixes: set[str] = set()
    opaque: list[str] = []
    for path in _code_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        readers = {
            alias.asname or alias.name: alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "ketenmining.texts"
            for alias in node.names
            if alias.name in READERS
        }
        package = path.relative_to(PKG).parts[0]
        methods = ID_METHODS.get(package, {})
        wrappers = WRAPPERS.get(package, {})
        for prefix_, _why, constants in wrappers.values():
            if constants:
                exact |= {
                    prefix_ + node.value
                    for node in ast.walk(tree)
                    if isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and texts.has(prefix_ + node.value)
                }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            prefix = ""
            if isinstance(func, ast.Name) and func.id in readers:
                name, positions = readers[func.id], (0,)
            elif (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "texts"
                and func.attr in READERS
            ):
                name, positions = func.attr, (0,)
            elif isinstance(func, ast.Attribute) and called in methods:
                name, positions = called, methods[called]
            elif called in wrappers and not (isinstance(func, ast.Name) and called == "text"):
                name, positions, prefix = called, (0,), wrappers[called][0]
            else:
                continue
            args = [node.args[i] for i in positions if i < len(node.args)]
            if name in methods:
                args += [k.value for k in node.keywords if k.arg == "hint"]
            for arg in args:
                found_exact: set[str] = set()
                found_prefixes: set[str] = set()
                if isinstance(arg, ast.Name) and arg.id in PASS_THROUGH and methods:
                    continue
                if not _ids_in(arg, found_exact, found_prefixes, name in PREFIX_READERS):
                    if prefix and wrappers[called][2]:
                        continue  # the wrapper's keys are found among the constants below
                    opaque.append(f"{path.relative_to(REPO)}:{node.lineno}")
                exact |= {prefix + i for i in found_exact}
                prefixes |= {prefix + i for i in found_prefixes}
    for template in sorted((PKG / "templates").glob("*.html")):
        # the audit templates' t(key) is the report's tx(key, lang) (report/audit_sections.py)
        source = template.read_text(encoding="utf-8")
        exact |= {"report." + key for key in TEMPLATE_CALL.findall(source)}
    return exact, prefixes, opaque


def test_every_text_has_english_and_dutch_with_the_same_placeholders() -> None:
    problems = []
    for msgid in _all_ids():
        forms = texts.entry(msgid)
        if set(forms) != {"en", "nl"}:
            problems.append(f"{msgid}: languages {sorted(forms)}")
            continue
        if not all(isinstance(v, str) and v.strip() for v in forms.values()):
            problems.append(f"{msgid}: an empty form")
        elif _fields(forms["en"]) != _fields(forms["nl"]):
            problems.append(
                f"{msgid}: placeholders {_fields(forms['en'])} ≠ {_fields(forms['nl'])}"
            )
    assert problems == []
    assert len(_all_ids()) > 100  # the catalogue really holds the texts


# Sentences that two ids may hold, each pair with its reason.
SAME_SENTENCE: dict[tuple[str, str], str] = {
    ("stitch.DQ011.hint", "stitch.DQ013.hint"): "each data-quality code has its own hint, "
    "looked up by code (stitch.<code>.hint); two codes happen to need the same advice",
}


def test_no_two_ids_hold_the_same_sentence() -> None:
    """A sentence (three words or more) has one id; single words and labels of different
    tables (\"Name\", \"Seam\") may coincide in both languages and still differ in meaning."""
    seen: dict[tuple[str, str], str] = {}
    twice = []
    for msgid in _all_ids():
        forms = texts.entry(msgid)
        pair = (forms["en"], forms["nl"])
        words = len(re.sub(r"\{[^}]*\}", " ", forms["en"]).split())
        if pair in seen and words >= 3 and (seen[pair], msgid) not in SAME_SENTENCE:
            twice.append(f"{seen[pair]} = {msgid}")
        seen.setdefault(pair, msgid)
    assert twice == []


def test_every_id_the_code_names_exists_and_every_id_is_used() -> None:
    exact, prefixes, opaque = _id_arguments()
    every = set(_all_ids())
    assert opaque == [], "name message ids by a literal or an f-string with a literal start"
    assert sorted(exact - every) == []
    assert sorted(p for p in prefixes if not any(i.startswith(p) for i in every)) == []
    unused = [
        i for i in sorted(every) if i not in exact and not any(i.startswith(p) for p in prefixes)
    ]
    assert unused == []


def test_the_reader_fills_in_falls_back_to_english_and_refuses_unknown_ids() -> None:
    msgid = next(i for i in _all_ids() if _fields(texts.entry(i)["en"]) == set())
    assert texts.tr(msgid, "en") == texts.entry(msgid)["en"]
    assert texts.tr(msgid, "nl") == texts.entry(msgid)["nl"]
    assert texts.tr(msgid, "de") == texts.entry(msgid)["en"]
    assert texts.both(msgid) == {"nl": texts.entry(msgid)["nl"], "en": texts.entry(msgid)["en"]}
    with pytest.raises(KeyError):
        texts.tr("lint.no-such-text", "en")
    with pytest.raises(KeyError):
        texts.tr("no-such-area.x", "en")
    assert not texts.has("no-such-area.x")


def _compares_lang(node: ast.Compare) -> bool:
    sides = [node.left, *node.comparators]
    literal = any(isinstance(s, ast.Constant) and s.value in ("nl", "en") for s in sides)
    named = any(
        (isinstance(s, ast.Name) and s.id == "lang")
        or (isinstance(s, ast.Attribute) and s.attr == "lang")
        for s in sides
    )
    return literal and named


def _is_text_pair(node: ast.Tuple) -> bool:
    """Two different string literals with a space each: what an (en, nl) pair looks like."""
    if len(node.elts) != 2 or not all(
        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts
    ):
        return False
    a, b = (str(e.value) for e in node.elts if isinstance(e, ast.Constant))
    return a != b and " " in a and " " in b


def _takes_both_languages(node: ast.AST) -> bool:
    """A function with parameters ``en`` and ``nl``, or a call passing both."""
    if isinstance(node, ast.FunctionDef):
        names = {a.arg for a in node.args.args + node.args.kwonlyargs}
    elif isinstance(node, ast.Call):
        names = {k.arg for k in node.keywords if k.arg}
    else:
        return False
    return {"en", "nl"} <= names


def _is_lang_dict(node: ast.Dict) -> bool:
    keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
    return keys == {"nl", "en"} and all(
        isinstance(v, (ast.Constant, ast.JoinedStr)) for v in node.values
    )


# Two-string tuples that are not an (English, Dutch) pair, by module, with the reason.
NOT_TEXT_PAIRS: dict[str, str] = {
    "ketenmining/config/spec.py": "examples of a duration setting ('12 months', '90 days')",
    "ketenmining/examples/sources.py": "activity names of the synthetic exports (data, Dutch only)",
}
# Modules allowed to hold what the test below forbids, each with its reason.
ALLOWED: dict[str, str] = {
    "ketenmining/i18n.py": "the language mechanism: picks the protocol's own Dutch/English fields and number formats",
}


def test_no_module_outside_the_catalogue_picks_a_language_or_holds_text_pairs() -> None:
    """No ``lang == \"nl\"``, no ``{\"nl\": …, \"en\": …}`` dict and no (en, nl) pair outside
    ketenmining/texts/ (and ketenmining/i18n.py, the language mechanism)."""
    problems = []
    for path in _code_modules():
        rel = str(path.relative_to(REPO))
        if rel in ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and _compares_lang(node):
                problems.append(f"{rel}:{node.lineno}: compares lang with a language")
            elif isinstance(node, ast.Dict) and _is_lang_dict(node):
                problems.append(f"{rel}:{node.lineno}: a {{nl, en}} text dict")
            elif isinstance(node, ast.Tuple) and _is_text_pair(node) and rel not in NOT_TEXT_PAIRS:
                problems.append(f"{rel}:{node.lineno}: an (en, nl) pair of texts")
            elif _takes_both_languages(node):
                problems.append(f"{rel}:{node.lineno}: takes an English and a Dutch text")
    assert problems == []

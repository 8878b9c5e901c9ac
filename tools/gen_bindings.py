"""Regenerate partledger/contracts.py, the typed bindings of the suite's contracts, from the
build's ABIs and NatSpec (build/contracts/<Contract>.json).

One class per contract, one snake_case method per ABI function: typed parameters (uint -> int,
address -> str, bytes32 -> bytes, arrays -> Sequence[...]), the @notice as docstring. Views
return Python values (structs and several return values as generated frozen dataclasses, enums
as partledger.enums members); writes return a Receipt (a PendingTransaction with wait=False).
Overloads of one name (ERC-721's two safeTransferFrom) become one method whose extra parameters
are optional. The header names this generator and a hash of the ABIs; tests/sdk/test_bindings.py
fails when the file differs from what this script writes now.

Usage (after `brownie compile`): python tools/gen_bindings.py [--check]
"""

from __future__ import annotations

import ast
import hashlib
import itertools
import json
import keyword
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "contracts"
TARGET = ROOT / "partledger" / "contracts.py"
ENUMS_SOURCE = ROOT / "partledger" / "enums.py"
RUFF = Path(sys.executable).parent / "ruff"

# (contract, the attribute a Client gives it)
CONTRACTS = (
    ("ParticipantRegistry", "participants"),
    ("PartRegistry", "parts"),
    ("PartRecords", "records"),
    ("PurchaseOrders", "orders"),
    ("Receivables", "receivables"),
    ("TestStablecoin", "stablecoin"),
)
# Names of ContractBinding's own members: a generated method must not hide them.
BASE_MEMBERS = {"w3", "address", "sender", "function", "encode", "build", "CONTRACT", "FUNCTIONS"}
WRAP = 96  # docstring width (the file's line length is 120; methods are indented 8)

Entry = dict[str, Any]


# ============================================================ names


def snake(name: str) -> str:
    """registerPart -> register_part, MAX_BATCH_SIZE -> max_batch_size, eip712Domain -> eip712_domain."""
    if name.upper() == name:
        return name.lower()
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    return text.lower()


def pascal(name: str) -> str:
    """eip712Domain -> Eip712Domain."""
    return name[:1].upper() + name[1:]


def param_name(raw: str, index: int, reserved: set[str]) -> str:
    """A Python parameter name for an ABI parameter: snake_case, `from` -> `from_`, a trailing
    underscore dropped (`hours_` -> `hours`), `arg<i>` when the ABI leaves it unnamed."""
    name = snake(raw.rstrip("_")) if raw else f"arg{index}"
    if keyword.iskeyword(name) or name in reserved:
        name += "_"
    return name


def canonical(param: Entry) -> str:
    kind = str(param["type"])
    if kind.startswith("tuple"):
        return "(" + ",".join(canonical(c) for c in param["components"]) + ")" + kind[len("tuple") :]
    return kind


# ============================================================ enums and structs


class Enums:
    """The partledger.enums member for each Solidity enum (`enum IPartRegistry.PartStatus`),
    found by its member names, so renames in partledger.enums need no table here. Annotated with
    the enum class when partledger.enums declares it with `class`, else with IntEnum."""

    def __init__(self) -> None:
        sys.path.insert(0, str(ROOT))
        from enum import IntEnum

        from partledger import enums
        from partledger._catalog import ENUMS

        declared = {
            node.name for node in ast.walk(ast.parse(ENUMS_SOURCE.read_text())) if isinstance(node, ast.ClassDef)
        }
        found = {
            name: value
            for name, value in vars(enums).items()
            if isinstance(value, type) and issubclass(value, IntEnum) and value is not IntEnum
        }
        self.python: dict[str, str] = {}
        self.annotation: dict[str, str] = {}
        for key, members in ENUMS.items():
            matches = [name for name, cls in found.items() if [m.name for m in cls] == list(members)]
            if len(matches) != 1:
                raise SystemExit(f"partledger.enums has {len(matches)} enums with the members of {key}: {matches}")
            self.python[key] = f"enums.{matches[0]}"
            self.annotation[key] = f"enums.{matches[0]}" if matches[0] in declared else "IntEnum"


@dataclass
class Struct:
    """A generated frozen dataclass: a Solidity struct, or the several return values of a view."""

    name: str
    doc: str
    fields: list[tuple[str, Entry]]  # (Python name, ABI parameter)


class Types:
    """ABI parameter -> Python annotation, and the expression converting a decoded value."""

    def __init__(self, enums: Enums) -> None:
        self.enums = enums
        self.structs: dict[str, Struct] = {}

    def _enum_key(self, param: Entry) -> str | None:
        internal = str(param.get("internalType", ""))
        if internal.startswith("enum "):
            return internal[len("enum ") :].removesuffix("[]")
        return None

    def struct_of(self, param: Entry) -> Struct:
        internal = str(param.get("internalType", ""))
        name = internal.removeprefix("struct ").split(".")[-1].removesuffix("[]")
        if not name:
            raise SystemExit(f"a tuple without a struct name: {param}")
        fields = [(param_name(c["name"], i, set()), c) for i, c in enumerate(param["components"])]
        struct = Struct(name, f"Solidity ``{internal.removeprefix('struct ').removesuffix('[]')}``.", fields)
        self.add(struct)
        return struct

    def add(self, struct: Struct) -> None:
        known = self.structs.get(struct.name)
        if known is not None and [(n, canonical(p)) for n, p in known.fields] != [
            (n, canonical(p)) for n, p in struct.fields
        ]:
            raise SystemExit(f"two different structs are called {struct.name}")
        self.structs.setdefault(struct.name, struct)

    def input(self, param: Entry) -> str:
        kind = str(param["type"])
        if kind.endswith("]"):
            return f"Sequence[{self.input({**param, 'type': kind[: kind.rindex('[')]})}]"
        if kind.startswith("tuple"):
            raise SystemExit(f"struct parameters are not supported yet: {param}")
        return self._scalar(kind)

    def output(self, param: Entry) -> str:
        kind = str(param["type"])
        if kind.endswith("]"):
            inner = {**param, "type": kind[: kind.rindex("[")]}
            return f"list[{self.output(inner)}]"
        if kind.startswith("tuple"):
            return self.struct_of(param).name
        key = self._enum_key(param)
        if key is not None:
            return self.enums.annotation[key]
        return self._scalar(kind)

    def convert(self, param: Entry, value: str) -> str:
        """The expression turning decoded `value` into the annotated Python value."""
        kind = str(param["type"])
        if kind.endswith("]"):
            inner = {**param, "type": kind[: kind.rindex("[")]}
            return f"[{self.convert(inner, 'item')} for item in {value}]"
        if kind.startswith("tuple"):
            return f"{self.struct_of(param).name}.from_abi({value})"
        key = self._enum_key(param)
        if key is not None:
            return f"{self.enums.python[key]}({value})"
        if kind == "address":  # eth-abi decodes addresses in lower case
            return f"to_checksum_address({value})"
        return f"{self._scalar(kind)}({value})"

    @staticmethod
    def _scalar(kind: str) -> str:
        if kind.startswith(("uint", "int")):
            return "int"
        if kind in ("address", "string"):
            return "str"
        if kind == "bool":
            return "bool"
        if kind.startswith("bytes"):
            return "bytes"
        raise SystemExit(f"no Python type for ABI type {kind}")


# ============================================================ docstrings


def _clean(text: str) -> str:
    return " ".join(str(text).replace("\\{", "{").replace("\\}", "}").split())


def docstring(lines: list[str], indent: int) -> list[str]:
    """A triple-quoted docstring, wrapped, at `indent` spaces."""
    pad = " " * indent
    body: list[str] = []
    for i, paragraph in enumerate(lines):
        if i:
            body.append("")
        body += textwrap.wrap(paragraph.replace('"""', "'''"), WRAP - indent) or [""]
    if len(body) == 1 and len(body[0]) + indent + 6 <= WRAP:
        return [f'{pad}"""{body[0]}"""']
    return [f'{pad}"""{body[0]}', *[f"{pad}{line}" if line else "" for line in body[1:]], f'{pad}"""']


# ============================================================ code


@dataclass
class Method:
    """One Python method: a Solidity function (or a family of overloads)."""

    contract: str
    name: str
    overloads: list[Entry]  # by number of inputs, each extending the previous one
    natspec: dict[str, Any]

    @property
    def entry(self) -> Entry:
        return self.overloads[-1]  # the longest: its parameters name the method's parameters

    @property
    def writes(self) -> bool:
        return self.entry["stateMutability"] not in ("view", "pure")

    @property
    def payable(self) -> bool:
        return any(e["stateMutability"] == "payable" for e in self.overloads)


def _methods(contract: str, abi: list[Entry], natspec: dict[str, Any]) -> Iterator[Method]:
    by_name: dict[str, list[Entry]] = {}
    for entry in abi:
        if entry.get("type") == "function":
            by_name.setdefault(entry["name"], []).append(entry)
    docs = natspec.get("methods", {})
    for name in sorted(by_name, key=snake):
        family = sorted(by_name[name], key=lambda e: len(e["inputs"]))
        for shorter, longer in itertools.pairwise(family):
            head = [canonical(p) for p in longer["inputs"][: len(shorter["inputs"])]]
            if head != [canonical(p) for p in shorter["inputs"]]:
                raise SystemExit(f"{contract}.{name}: overloads that do not extend one another")
        signature = f"{name}({','.join(canonical(p) for p in family[-1]['inputs'])})"
        # an overload without NatSpec of its own takes its sibling's
        doc: dict[str, Any] = docs.get(signature) or next((docs[s] for s in docs if s.startswith(f"{name}(")), {})
        yield Method(contract, name, family, doc)


def _tuple(items: list[str]) -> str:
    """A Python tuple literal of `items` (expressions)."""
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def _function_literal(entry: Entry) -> str:
    inputs = _tuple([f'"{canonical(p)}"' for p in entry["inputs"]])
    outputs = _tuple([f'"{canonical(p)}"' for p in entry["outputs"]])
    writes = entry["stateMutability"] not in ("view", "pure")
    payable = ", payable=True" if entry["stateMutability"] == "payable" else ""
    return f'Function("{entry["name"]}", {inputs}, {outputs}, {writes}{payable})'


class Generator:
    def __init__(self, build_dir: Path = BUILD) -> None:
        self.build_dir = build_dir
        self.types = Types(Enums())
        self.artifacts = {name: json.loads((build_dir / f"{name}.json").read_text()) for name, _ in CONTRACTS}

    def abi_hash(self) -> str:
        abis = {name: artifact["abi"] for name, artifact in self.artifacts.items()}
        return hashlib.sha256(json.dumps(abis, sort_keys=True, separators=(",", ":")).encode()).hexdigest()

    def method_code(self, method: Method) -> list[str]:
        entry = method.entry
        reserved = {"self", "block", "gas", "wait"} | ({"value"} if method.payable else set())
        names = [param_name(p["name"], i, reserved) for i, p in enumerate(entry["inputs"])]
        required = len(method.overloads[0]["inputs"])
        params = []
        for i, (name, param) in enumerate(zip(names, entry["inputs"], strict=True)):
            annotation = self.types.input(param)
            params.append(f"{name}: {annotation}" if i < required else f"{name}: {annotation} | None = None")
        py_name = snake(method.name)
        if py_name in BASE_MEMBERS:
            raise SystemExit(f"{method.contract}.{method.name} would hide ContractBinding.{py_name}")

        doc_lines = [_clean(method.natspec.get("notice") or method.natspec.get("details") or "")]
        doc_lines = [line for line in doc_lines if line]
        for i, (name, param) in enumerate(zip(names, entry["inputs"], strict=True)):
            text = method.natspec.get("params", {}).get(param["name"]) if param["name"] else None
            if text:
                doc_lines.append(f"``{name}``: {_clean(text)}")
            elif i >= required:
                doc_lines.append(f"``{name}``: optional (the overload without it when None).")
        shown = " / ".join(
            f"{e['name']}({', '.join(canonical(p) for p in e['inputs'])})" for e in method.overloads
        ).replace("(, ", "(")
        returns = ", ".join(canonical(p) for p in entry["outputs"])
        doc_lines.append(f"Solidity: ``{shown}``" + (f" returns ``({returns})``" if returns else "") + ".")

        if len(method.overloads) == 1:
            pick = f'self.FUNCTIONS["{method.name}"][0]'
            args = names
        else:  # optional trailing parameters pick the overload
            extra = names[required:]
            conditions = [f"{n} is None" for n in extra]
            pick = f'self.FUNCTIONS["{method.name}"][0 if {" and ".join(conditions)} else {len(method.overloads) - 1}]'
            args = names  # trimmed below
        arg_tuple = _tuple(args[:required])
        if len(method.overloads) > 1:
            arg_tuple = f"{arg_tuple} if {names[required]} is None else {_tuple(args)}"
        head = ", ".join(["self", *params])
        out: list[str] = []
        if method.writes:
            value_kw = ", value: int = 0" if method.payable else ""
            value_use = "value" if method.payable else "0"
            stub_value = ", value: int = ..." if method.payable else ""
            for literal, result in (("Literal[True] = ...", "Receipt"), ("Literal[False]", "PendingTransaction")):
                stub = f"{head}, *{stub_value}, gas: int | None = ..., wait: {literal}"
                out += ["    @overload", f"    def {py_name}({stub}) -> {result}: ..."]
            out += [
                "    @overload",
                f"    def {py_name}({head}, *{value_kw.replace('= 0', '= ...')}, gas: int | None = ..., wait: bool)"
                " -> Receipt | PendingTransaction: ...",
                f"    def {py_name}({head}, *{value_kw}, gas: int | None = None, wait: bool = True)"
                " -> Receipt | PendingTransaction:",
                *docstring(doc_lines, 8),
                f"        return self._transact({pick}, {arg_tuple}, value={value_use}, gas=gas, wait=wait)",
            ]
            return out
        outputs = entry["outputs"]
        call = f"self._call({pick}, {arg_tuple}, block)"
        if not outputs:
            annotation, body = "None", [f"        {call}"]
        elif len(outputs) == 1:
            annotation = self.types.output(outputs[0])
            body = [f"        out = {call}", f"        return {self.types.convert(outputs[0], 'out[0]')}"]
        else:
            struct = Struct(
                f"{pascal(method.name)}Result",
                f"What ``{method.contract}.{method.name}`` returns.",
                [(param_name(p["name"], i, set()), p) for i, p in enumerate(outputs)],
            )
            self.types.add(struct)
            annotation, body = struct.name, [f"        return {struct.name}.from_abi({call})"]
        return [
            f'    def {py_name}({head}, *, block: BlockIdentifier = "latest") -> {annotation}:',
            *docstring(doc_lines, 8),
            *body,
        ]

    def contract_code(self, name: str) -> list[str]:
        artifact = self.artifacts[name]
        natspec = artifact.get("natspec") or {}
        methods = list(_methods(name, artifact["abi"], natspec))
        doc = [_clean(natspec.get("title") or ""), _clean(natspec.get("notice") or "")]
        lines = [f"class {name}(ContractBinding):", *docstring([d for d in doc if d] or [name], 4), ""]
        lines.append(f'    CONTRACT = "{name}"')
        lines.append("    FUNCTIONS: ClassVar[Mapping[str, tuple[Function, ...]]] = {")
        for method in methods:
            literals = ", ".join(_function_literal(e) for e in method.overloads)
            lines.append(f'        "{method.name}": ({literals},),')
        lines.append("    }")
        for method in methods:
            lines.append("")
            lines += self.method_code(method)
        return lines

    def struct_code(self, struct: Struct) -> list[str]:
        lines = ["@dataclass(frozen=True)", f"class {struct.name}:", *docstring([struct.doc], 4), ""]
        lines += [f"    {name}: {self.types.output(param)}" for name, param in struct.fields]
        values = ", ".join(self.types.convert(p, f"raw[{i}]") for i, (_n, p) in enumerate(struct.fields))
        lines += [
            "",
            "    @classmethod",
            f"    def from_abi(cls, raw: Sequence[Any]) -> {struct.name}:",
            '        """From the values eth-abi decodes, in ABI order."""',
            f"        return cls({values})",
        ]
        return lines

    def source(self) -> str:
        contracts: list[str] = []
        for name, _attribute in CONTRACTS:
            contracts += ["", "", *self.contract_code(name)]
        structs: list[str] = []
        for struct in sorted(self.types.structs.values(), key=lambda s: s.name):
            structs += ["", "", *self.struct_code(struct)]
        exported = [name for name, _ in CONTRACTS] + sorted(self.types.structs)
        header = [
            '"""Typed bindings of the PartLedger contracts: one class per contract, one method per ABI function.',
            "",
            "Generated by tools/gen_bindings.py from build/contracts (ABIs and NatSpec); do not edit by hand.",
            f"ABI hash (sha256 of the six ABIs): {self.abi_hash()}",
            "",
            '>>> client = Client.connect("http://127.0.0.1:8545")  # doctest: +SKIP',
            ">>> client.parts.verify_part(part_id).status            # doctest: +SKIP",
            "<PartStatus.InService: 1>",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            "from collections.abc import Mapping, Sequence",
            "from dataclasses import dataclass",
            "from enum import IntEnum",
            "from typing import Any, ClassVar, Literal, overload",
            "",
            "from eth_typing import BlockIdentifier",
            "from eth_utils import to_checksum_address",
            "",
            "from partledger import enums",
            "from partledger._bindings import ContractBinding, Function",
            "from partledger.tx import PendingTransaction, Receipt",
            "",
            "__all__ = [",
            *[f'    "{name}",' for name in exported],
            "]",
            "",
            "# (contract, the attribute partledger.Client gives its binding)",
            "CONTRACTS: tuple[tuple[str, str], ...] = (",
            *[f'    ("{name}", "{attribute}"),' for name, attribute in CONTRACTS],
            ")",
        ]
        text = "\n".join([*header, *structs, *contracts]) + "\n"
        if "IntEnum" not in "\n".join(structs + contracts):
            text = text.replace("from enum import IntEnum\n", "")
        return format_source(text)


def format_source(text: str) -> str:
    """The text as `ruff format` (the project's formatter, configured in pyproject.toml) leaves it."""
    done = subprocess.run(
        [str(RUFF), "format", "--stdin-filename", str(TARGET), "-"],
        input=text,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"ruff format failed on the generated code:\n{done.stderr}")
    return done.stdout


def generate(build_dir: Path = BUILD) -> str:
    """The text of partledger/contracts.py for the build in `build_dir`."""
    return Generator(build_dir).source()


def main(argv: list[str]) -> int:
    text = generate()
    if "--check" in argv:
        if TARGET.read_text() != text:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run python tools/gen_bindings.py")
            return 1
        return 0
    TARGET.write_text(text)
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

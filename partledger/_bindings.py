"""What the generated bindings (partledger/contracts.py) stand on: a function's ABI encoding
and decoding, a call built but not sent, and the base class of every contract binding.

Calldata is encoded with eth-abi from the function's canonical types and a selector computed
once, not through web3's Contract machinery: the bindings need no ABI at run time and bulk
senders encode thousands of calls cheaply (:meth:`ContractBinding.encode`).

>>> fn = Function("registerPart", ("bytes32", "bytes32", "bytes32"), ("uint256",), True)
>>> fn.signature, fn.selector.hex()
('registerPart(bytes32,bytes32,bytes32)', '1631f6df')
>>> len(fn.encode([b"PN" + bytes(30), b"SN" + bytes(30), bytes(32)]))
100
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_typing import BlockIdentifier, ChecksumAddress
from eth_utils import keccak, to_checksum_address
from hexbytes import HexBytes
from web3 import Web3
from web3.exceptions import Web3Exception
from web3.types import TxParams

from partledger._abi import ABI
from partledger.decoding import raise_for
from partledger.exceptions import NoSigner, PartLedgerError
from partledger.tx import PendingTransaction, Receipt, Sender

__all__ = ["Call", "ContractBinding", "Function", "NoSuchFunction"]


class NoSuchFunction(PartLedgerError, AttributeError):
    """``contract`` has no function ``name`` taking ``arity`` arguments."""

    def __init__(self, contract: str, name: str, arity: int | None = None, known: Sequence[str] = ()) -> None:
        self.contract, self.name, self.arity = contract, name, arity
        took = "" if arity is None else f" taking {arity} argument{'s' * (arity != 1)}"
        hint = f" (it has: {', '.join(sorted(known))})" if known and arity is None else ""
        super().__init__(f"{contract} has no function {name}{took}{hint}")


@dataclass(frozen=True)
class Function:
    """One ABI function: Solidity name, canonical input and output types, and whether it
    changes state (a transaction) or not (a call)."""

    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    writes: bool
    payable: bool = False
    selector: bytes = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "selector", keccak(text=self.signature)[:4])

    @property
    def signature(self) -> str:
        return f"{self.name}({','.join(self.inputs)})"

    def encode(self, args: Sequence[Any]) -> bytes:
        """Calldata: the selector and the ABI-encoded arguments."""
        return self.selector + abi_encode(self.inputs, list(args))

    def decode(self, data: bytes) -> tuple[Any, ...]:
        """The return values of a call, as eth-abi decodes them (addresses checksummed)."""
        return tuple(abi_decode(self.outputs, data))


@dataclass(frozen=True)
class Call:
    """A contract call built, not sent: send it with ``Client.send`` or sign it yourself."""

    to: ChecksumAddress
    data: bytes
    value: int = 0
    contract: str = ""
    function: str = ""


class ContractBinding:
    """A deployed contract's typed methods (generated subclasses in partledger.contracts).

    Views run as eth_call and return Python values; writes are signed and sent by the
    :class:`~partledger.tx.Sender` and return a :class:`~partledger.tx.Receipt` (a
    :class:`~partledger.tx.PendingTransaction` with ``wait=False``). Reverts raise the decoded
    :mod:`partledger.exceptions` class.
    """

    CONTRACT: ClassVar[str] = ""
    FUNCTIONS: ClassVar[Mapping[str, tuple[Function, ...]]] = {}  # Solidity name -> its overloads

    def __init__(self, w3: Web3, address: str, sender: Sender | None = None, abis: Mapping[str, ABI] | None = None):
        self.w3 = w3
        self.address: ChecksumAddress = to_checksum_address(address)
        self.sender = sender
        self._abis = dict(abis) if abis is not None else (sender.abis if sender is not None else {})

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.address}>"

    def function(self, name: str, arity: int | None = None) -> Function:
        """The ABI function `name` (its overload taking `arity` arguments, when given)."""
        overloads = self.FUNCTIONS.get(name)
        if not overloads:
            raise NoSuchFunction(self.CONTRACT, name, None, list(self.FUNCTIONS))
        if arity is None:
            return overloads[0]
        for fn in overloads:
            if len(fn.inputs) == arity:
                return fn
        raise NoSuchFunction(self.CONTRACT, name, arity)

    def encode(self, name: str, *args: Any) -> bytes:
        """The calldata of ``name(*args)`` (Solidity name; overloads chosen by argument count).

        >>> client.parts.encode("registerPart", to_bytes32("PN"), to_bytes32("SN"), bytes(32))  # doctest: +SKIP
        """
        return self.function(name, len(args)).encode(args)

    def build(self, name: str, *args: Any, value: int = 0) -> Call:
        """``name(*args)`` as a :class:`Call` to this contract, not sent."""
        return Call(self.address, self.encode(name, *args), value, self.CONTRACT, name)

    # ------------------------------------------------------------ what generated methods call

    def _call(self, fn: Function, args: Sequence[Any], block: BlockIdentifier = "latest") -> tuple[Any, ...]:
        call: TxParams = {"to": self.address, "data": HexBytes(fn.encode(args))}
        if self.sender is not None and self.sender.address is not None:
            call["from"] = self.sender.address  # views that read msg.sender see the client's account
        try:
            return fn.decode(self.w3.eth.call(call, block))
        except (Web3Exception, ValueError) as exc:
            raise_for(exc, self._abis, contract=self.CONTRACT, w3=self.w3)

    def _transact(
        self, fn: Function, args: Sequence[Any], *, value: int, gas: int | None, wait: bool
    ) -> Receipt | PendingTransaction:
        if self.sender is None or self.sender.account is None:
            raise NoSigner(f"{self.CONTRACT}.{fn.name}")
        return self.sender.send(self.address, fn.encode(args), value=value, gas=gas, wait=wait)

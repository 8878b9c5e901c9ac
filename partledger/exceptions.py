"""Every exception partledger raises, in one module of classes under one root.

- :class:`PartLedgerError` is the root; catch it to catch anything this package raises.
- Bad input: :class:`InvalidArgument` (also a ``ValueError``) and :class:`InvalidType` (also a
  ``TypeError``), with one subclass per kind of mistake (:class:`InvalidIdentifier`,
  :class:`InvalidLot`, :class:`InvalidChunk`, ...), so code written against the built-in
  exceptions keeps working.
- Manifests: :class:`ManifestError` and its subclasses (missing file, another chain, stale).
- Reads of a chain's history: :class:`UnknownPart`, :class:`UnknownOrder`, :class:`UnknownReceivable`.
- Reverts: :class:`ContractRevertError`, carrying the decoded arguments. Every custom error of
  every suite contract has a class of its own below (generated from the contracts' ABIs and
  NatSpec by ``tools/gen_catalog.py``), so ``except PartSuspect`` works and a type checker knows
  the name. Solidity's ``Panic(uint256)`` and ``Error(string)`` are :class:`Panic` and
  :class:`RevertMessage`; data no ABI explains is :class:`UnknownRevert`; a transaction that ran
  out of gas is :class:`OutOfGas`. :mod:`partledger.decoding` turns revert data into these.

>>> from partledger.ids import to_bytes32
>>> to_bytes32("")
Traceback (most recent call last):
partledger.exceptions.InvalidIdentifier: identifier must be 1..32 bytes, got 0: ''
>>> issubclass(InvalidIdentifier, ValueError), issubclass(PartSuspect, ContractRevertError)
(True, True)
>>> print(PartNotFound.signature)
PartNotFound(uint256)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from os import PathLike
from typing import Any, ClassVar, Final

__all__ = [
    "PartLedgerError",
    # bad input
    "InvalidArgument",
    "InvalidType",
    "InvalidIdentifier",
    "InvalidLotId",
    "InvalidChunk",
    "InvalidConfirmations",
    "IndexRangeError",
    "InvalidNonceCount",
    "InvalidLot",
    "InvalidMultiproof",
    "InvalidTreeDump",
    "SerialNotInLot",
    "InvalidRevertData",
    "NotRevertData",
    "NotAnABI",
    # manifests
    "ManifestError",
    "ManifestNotGiven",
    "ManifestNotFound",
    "ContractNotInManifest",
    "ABINotFound",
    "ChainMismatch",
    "NoCodeAtAddress",
    "MiswiredManifest",
    "StaleManifest",
    # history
    "LogReadError",
    "UnknownPart",
    "LogQueryRefused",
    "LogQueryFailed",
    "IndexMismatch",
    "UnknownOrder",
    "UnknownReceivable",
    # transactions
    "TransactionError",
    "NoSigner",
    "BadPrivateKey",
    "TransactionRejected",
    "TransactionTimeout",
    # bulk mode
    "BulkError",
    "DuplicateKey",
    "TransactionRefused",
    "TransactionLost",
    "TransactionUnconfirmed",
    "ReceiptTimeout",
    "NotSettled",
    "BomError",
    # reverts
    "ContractRevertError",
    "Panic",
    "RevertMessage",
    "UnknownRevert",
    "OutOfGas",
    "CONTRACT_ERRORS",
    "SOLC_VERSION",
    "SOURCES_SHA256",
]


class PartLedgerError(Exception):
    """Root of every error this package raises."""


# ============================================================ bad input


class InvalidArgument(PartLedgerError, ValueError):
    """A value outside what the function accepts (a ``ValueError`` too)."""


class InvalidType(PartLedgerError, TypeError):
    """An argument of a type the function does not accept (a ``TypeError`` too)."""


class InvalidIdentifier(InvalidArgument):
    """A part number, serial or lot number that does not fit a bytes32 (empty or over 32 bytes)."""


class InvalidLotId(InvalidArgument):
    """A lot id outside 1..2**32-1 (the contracts' uint32, 0 meaning "no lot")."""


class InvalidChunk(InvalidArgument):
    """A log-reading chunk (blocks per ``eth_getLogs`` request) below 1."""


class InvalidConfirmations(InvalidArgument):
    """A confirmations depth below 0."""


class IndexRangeError(InvalidArgument):
    """A history index asked for blocks it has not synced or contracts it does not hold."""


class InvalidNonceCount(InvalidArgument):
    """A request for fewer than one nonce."""


class InvalidLot(InvalidArgument):
    """A lot without serials, or with a serial twice."""


class InvalidMultiproof(InvalidArgument):
    """A multiproof whose leaves, proof and flags do not fit together, or that names a serial twice."""


class InvalidTreeDump(InvalidArgument):
    """A StandardMerkleTree dump that is no valid lot tree (format, encoding, hashes, values)."""


class SerialNotInLot(PartLedgerError, KeyError):
    """A serial the lot's tree does not hold (a ``KeyError`` too)."""


class InvalidRevertData(InvalidArgument):
    """Revert data given as a string that is not hex."""


class NotRevertData(InvalidType):
    """Revert data that is neither bytes nor a string."""


class NotAnABI(InvalidType):
    """Something given as an ABI that is neither a list of ABI entries nor a contract."""


# ============================================================ manifests


class ManifestError(PartLedgerError):
    """A deployment manifest cannot serve the request."""


class ManifestNotGiven(ManifestError, TypeError):
    """No manifest path, no chain id, no $PARTLEDGER_MANIFEST and no node to ask for its chain id."""


class ManifestNotFound(ManifestError):
    """No manifest file at ``path`` (for chain ``chain_id`` when looked up by id)."""

    def __init__(self, path: str | PathLike[str], chain_id: int | None = None) -> None:
        self.path, self.chain_id = path, chain_id
        hint = f" for chain {chain_id}" if chain_id is not None else ""
        super().__init__(f"no deployment manifest{hint} at {path}: deploy first (brownie run scripts/deploy.py)")


class ABINotFound(ManifestError):
    """The manifest at ``path`` gives contract ``name`` no ABI, and the package ships none by that name."""

    def __init__(self, name: str, path: str | PathLike[str]) -> None:
        self.name, self.path = name, path
        super().__init__(f'{path} gives {name} no ABI and partledger ships none for {name!r}: add its "abi"')


class ContractNotInManifest(ManifestError):
    """The manifest at ``path`` has no contract ``name`` (``available`` lists what it has)."""

    def __init__(self, name: str, path: str | PathLike[str], available: Iterable[str]) -> None:
        self.name, self.path, self.available = name, path, sorted(available)
        super().__init__(f"{path} has no contract {name!r} (it has: {', '.join(self.available) or 'none'})")


class ChainMismatch(ManifestError):
    """The manifest was written for ``manifest_chain_id`` but the node is on ``node_chain_id``."""

    def __init__(self, path: str | PathLike[str], manifest_chain_id: int, node_chain_id: int) -> None:
        self.path, self.manifest_chain_id, self.node_chain_id = path, manifest_chain_id, node_chain_id
        super().__init__(f"{path} is for chain {manifest_chain_id}, but the node is on chain {node_chain_id}")


class NoCodeAtAddress(ManifestError):
    """The manifest's ``name`` points at ``address``, which holds no contract on this chain."""

    def __init__(self, name: str, address: str, path: str | PathLike[str]) -> None:
        self.name, self.address, self.path = name, address, path
        super().__init__(f"{name} at {address} (from {path}) has no code on this chain: stale manifest?")


class MiswiredManifest(ManifestError):
    """The manifest's ``name`` (at ``address``) does not belong to the suite the manifest names:
    its ``link()`` view answers ``found`` (None: no such answer), not the manifest's ``expected``
    address. Two addresses swapped, or contracts of two deployments mixed."""

    def __init__(
        self, name: str, address: str, link: str, expected: str, found: str | None, path: str | PathLike[str]
    ) -> None:
        self.name, self.address, self.link, self.expected, self.found, self.path = (
            name,
            address,
            link,
            expected,
            found,
            path,
        )
        answer = f"answers {found}" if found else "gives no answer"
        super().__init__(
            f"{name} at {address} (from {path}) is not of this suite: its {link}() {answer}, "
            f"the manifest says {expected}"
        )


class StaleManifest(ManifestError):
    """The manifest was written for another instance of its chain (every local chain is chain
    31337): ``name`` was deployed in block ``block``, whose hash is ``expected`` in the manifest
    but ``found`` on the node (None: the node has no such block yet). The chain was restarted or
    reset since, or the block was reorganised away."""

    def __init__(self, path: object, name: str, block: int, expected: str, found: str | None):
        self.path, self.name, self.block, self.expected, self.found = path, name, block, expected, found
        there = f"is {found[:10]}…" if found else "does not exist yet"
        super().__init__(
            f"{path} was written for another instance of this chain: {name} was deployed in block {block} "
            f"{expected[:10]}…, but the node's block {block} {there}. The chain was restarted or reset "
            "since; deploy the suite again (brownie run scripts/deploy.py)"
        )


# ============================================================ history


class LogReadError(PartLedgerError):
    """Logs could not be read or kept for a history."""


class UnknownPart(LogReadError):
    """No log in the scanned blocks mentions part ``part_id``."""

    def __init__(self, part_id: int, from_block: int, to_block: int):
        self.part_id, self.from_block, self.to_block = part_id, from_block, to_block
        super().__init__(f"part {part_id:#x} appears in no log of blocks {from_block}..{to_block}")


class LogQueryRefused(LogReadError):
    """The node refused ``eth_getLogs`` even for the one block ``block`` (``reason``: its answer).
    Wider ranges are split until they pass; one block cannot be split further."""

    def __init__(self, block: int, reason: str):
        self.block, self.reason = block, reason
        super().__init__(f"the node refused eth_getLogs even for the single block {block}: {reason}")


class LogQueryFailed(LogReadError):
    """The node answered ``method`` with an error that is no range limit (``error``: its JSON-RPC
    error object): retrying with smaller ranges would not help."""

    def __init__(self, method: str, error: Any):
        self.method, self.error = method, error
        super().__init__(f"{method} failed: {error}")


class IndexMismatch(LogReadError):
    """The history index at ``path`` holds ``found`` (chain id and contract addresses), not
    ``expected``: one index file never mixes deployments."""

    def __init__(self, path: object, expected: str, found: str):
        self.path, self.expected, self.found = path, expected, found
        super().__init__(
            f"the history index {path} holds the logs of {found}, not of {expected}: point at another "
            "file, or remove this one"
        )


class UnknownOrder(PartLedgerError):
    """No OrderOpened event for this order id in the blocks scanned."""

    def __init__(self, order_id: int, to_block: int):
        super().__init__(f"order {order_id} was not opened in the blocks scanned (up to {to_block})")
        self.order_id, self.to_block = order_id, to_block


class UnknownReceivable(PartLedgerError):
    """No ReceivableIssued event for this receivable id in the blocks scanned."""

    def __init__(self, receivable_id: int, to_block: int):
        super().__init__(f"receivable {receivable_id} was not issued in the blocks scanned (up to {to_block})")
        self.receivable_id, self.to_block = receivable_id, to_block


# ============================================================ sending transactions


class TransactionError(PartLedgerError):
    """A transaction could not be sent or did not complete (reverts are ContractRevertError)."""


class NoSigner(TransactionError):
    """A write was asked of a read-only client (no private key): ``action`` names it."""

    def __init__(self, action: str) -> None:
        self.action = action
        super().__init__(
            f"{action} sends a transaction, but this client has no key: pass private_key= to Client.connect "
            "or set PARTLEDGER_PRIVATE_KEY"
        )


class BadPrivateKey(InvalidArgument):
    """The private key given (``private_key=``, PARTLEDGER_PRIVATE_KEY or PRIVATE_KEY) is not a
    secp256k1 key of 32 bytes. ``reason`` says why; neither the message nor any attribute holds
    the key or any part of it."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(
            f"the private key (PARTLEDGER_PRIVATE_KEY, PRIVATE_KEY or private_key=) is not a 32-byte hex key: {reason}"
        )


class TransactionRejected(TransactionError):
    """The node refused the signed transaction (``reason``: its message), e.g. insufficient funds
    or a fee below the node's floor. Nothing was mined; ``nonce`` is free again."""

    def __init__(self, sender: str, nonce: int, to: str | None, reason: str) -> None:
        self.sender, self.nonce, self.to, self.reason = sender, nonce, to, reason
        super().__init__(f"the node rejected the transaction from {sender} (nonce {nonce}) to {to}: {reason}")


class TransactionTimeout(TransactionError):
    """``tx_hash`` was not mined (or not ``confirmations`` blocks deep) within ``timeout``
    seconds. ``block_number`` is the block it was mined in, if it was mined. It may still be
    mined later: wait again with the hash."""

    def __init__(self, tx_hash: str, timeout: float, confirmations: int = 0, block_number: int | None = None) -> None:
        self.tx_hash, self.timeout = tx_hash, timeout
        self.confirmations, self.block_number = confirmations, block_number
        if block_number is None:
            what = "was not mined"
        else:
            what = f"was mined in block {block_number} but not {confirmations} blocks deep"
        super().__init__(f"transaction {tx_hash} {what} within {timeout:g} s")


# ============================================================ bulk mode


class BulkError(PartLedgerError):
    """A bulk run cannot go on as asked."""


class DuplicateKey(BulkError):
    """Two items of one run have the same key (``key``): each key is one thing done once."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"the key {key!r} appears twice in one bulk run; keys must be unique")


class TransactionRefused(BulkError):
    """The node refused the signed transaction of ``key`` (``message``); its nonce was filled
    with an empty self-transfer so the transactions after it still mine."""

    def __init__(self, key: str, message: str) -> None:
        self.key, self.message = key, message
        super().__init__(f"the node refused the transaction of {key!r}: {message}")


class TransactionLost(BulkError):
    """No transaction of ``key`` was mined after ``rounds`` rounds (each lost transaction was
    re-broadcast; its nonce was then taken by another transaction)."""

    def __init__(self, key: str, rounds: int) -> None:
        self.key, self.rounds = key, rounds
        super().__init__(f"{key!r} was not mined after {rounds} rounds; run again to resume")


class ReceiptTimeout(BulkError):
    """No receipt for the transaction ``tx_hash`` of ``key`` within ``timeout`` seconds, after
    re-broadcasts. It may still be mined: a new run settles first, then resumes."""

    def __init__(self, key: str, tx_hash: str, timeout: float) -> None:
        self.key, self.tx_hash, self.timeout = key, tx_hash, timeout
        super().__init__(f"no receipt for {key!r} ({tx_hash}) within {timeout:.0f} s; run again to resume")


class TransactionUnconfirmed(BulkError):
    """The nonce of the transaction ``tx_hash`` of ``key`` was used, but the node found neither
    it nor its receipt. It may well be mined (a node whose read side lags), and the chain
    cannot tell whether ``key`` is done (it has no done check), so it was not sent again:
    check ``tx_hash`` before sending ``key`` once more."""

    def __init__(self, key: str, tx_hash: str) -> None:
        self.key, self.tx_hash = key, tx_hash
        super().__init__(
            f"{key!r} ({tx_hash}): its nonce was used but the node does not find it; not sent again, "
            "as the chain cannot tell whether it is done"
        )


class NotSettled(BulkError):
    """Transactions of ``address`` sent earlier (``in_flight`` of them) were not mined within
    ``timeout`` seconds, so the chain state a resumed run reads is not final yet."""

    def __init__(self, address: str, in_flight: int, timeout: float) -> None:
        self.address, self.in_flight, self.timeout = address, in_flight, timeout
        super().__init__(f"{in_flight} earlier transaction(s) of {address} still pending after {timeout:.0f} s")


class BomError(BulkError, ValueError):
    """A bill of materials that cannot be registered as written: ``line`` (1 = the header) and
    ``reason``."""

    def __init__(self, line: int, reason: str, source: str = "BOM") -> None:
        self.line, self.reason, self.source = line, reason, source
        super().__init__(f"{source}, line {line}: {reason}")


# ============================================================ reverts


class ContractRevertError(PartLedgerError):
    """A contract call or transaction reverted.

    Attributes: ``name`` (the Solidity error's name), ``args`` (a dict of its decoded named
    arguments), ``contract`` (the contract that declares it, when known), ``explanation`` (the
    contract's @dev comment), ``data`` (the raw revert data), ``selector``, and
    ``transaction_hash`` (0x-hex) when the error is that of a transaction mined with status 0.
    The class attribute ``signature`` is the Solidity error's signature (``""`` where there is none).
    """

    signature: ClassVar[str] = ""

    def __init__(
        self,
        name: str,
        args: Mapping[str, Any] | None = None,
        *,
        contract: str | None = None,
        explanation: str = "",
        data: bytes = b"",
        types: Mapping[str, str] | None = None,
        transaction_hash: str | None = None,
    ) -> None:
        self.name = name
        self._args = dict(args or {})
        self.contract = contract
        self.explanation = explanation
        self.data = bytes(data)
        self.selector = self.data[:4]
        self._types = dict(types or {})
        self.transaction_hash = transaction_hash
        super().__init__(self._message())

    @property  # a dict, not BaseException's tuple: the decoded arguments by name
    def args(self) -> dict[str, Any]:  # type: ignore[override]
        return self._args

    def _format(self, key: str, value: Any) -> str:
        from partledger._abi import format_value  # here: this module imports nothing of partledger's

        return format_value(self._types[key], value) if key in self._types else repr(value)

    def _message(self) -> str:
        shown = ", ".join(f"{key}={self._format(key, value)}" for key, value in self._args.items())
        text = f"{self.name}({shown})"
        return f"{text}: {self.explanation}" if self.explanation else text

    def __str__(self) -> str:
        return self._message()

    def __repr__(self) -> str:
        where = f", contract={self.contract!r}" if self.contract else ""
        return f"{type(self).__name__}({self.name!r}, {self._args!r}{where})"

    def __reduce__(self) -> tuple[Any, ...]:
        kwargs = {
            "contract": self.contract,
            "explanation": self.explanation,
            "data": self.data,
            "types": self._types,
            "transaction_hash": self.transaction_hash,
        }
        return (_rebuild, (type(self), self.name, self._args, kwargs))


def _rebuild(
    cls: type[ContractRevertError], name: str, args: dict[str, Any], kwargs: dict[str, Any]
) -> ContractRevertError:
    return cls(name, args, **kwargs)


class Panic(ContractRevertError):
    """Solidity ``Panic(uint256)``: an assert, overflow, bad index... ``args["code"]``."""

    signature = "Panic(uint256)"

    def _format(self, key: str, value: Any) -> str:
        return f"0x{value:02x}" if key == "code" else super()._format(key, value)


class RevertMessage(ContractRevertError):
    """Solidity ``Error(string)`` (``require(cond, "message")``): ``args["message"]``."""

    signature = "Error(string)"


class UnknownRevert(ContractRevertError):
    """Revert data no known ABI declares (or no data at all): ``args["data"]`` holds it."""


class OutOfGas(ContractRevertError):
    """A transaction mined with status 0 after using all of its gas: ``args["gasUsed"]`` and
    ``args["gasLimit"]``. Nothing reverted with a reason; send it again with more gas."""


# ============================================================ the contracts' custom errors

# BEGIN GENERATED by tools/gen_catalog.py: everything down to END GENERATED is rewritten by it.
# From build/contracts, compiled by solc 0.8.28+commit.7893614a, of the sources whose sha256 (contracts/**/*.sol,
# see tools/gen_catalog.py) is 62dc082c0c78b3f442caa03bb5941ba64448ce0db0fdd7970cd1cfb755491cb2.
SOLC_VERSION: Final = "0.8.28+commit.7893614a"
SOURCES_SHA256: Final = "62dc082c0c78b3f442caa03bb5941ba64448ce0db0fdd7970cd1cfb755491cb2"


class AccessControlBadConfirmation(ContractRevertError):
    """The caller of a function is not the expected one. NOTE: Don't confuse with {AccessControlUnauthorizedAccount}.

    ``AccessControlBadConfirmation()``, declared by ParticipantRegistry.
    """

    signature = "AccessControlBadConfirmation()"


class AccessControlEnforcedDefaultAdminDelay(ContractRevertError):
    """The delay for transferring the default admin delay is enforced and the operation must wait until `schedule`.
    NOTE: `schedule` can be 0 indicating there's no transfer scheduled.

    ``AccessControlEnforcedDefaultAdminDelay(uint48 schedule)``, declared by ParticipantRegistry.
    """

    signature = "AccessControlEnforcedDefaultAdminDelay(uint48)"


class AccessControlEnforcedDefaultAdminRules(ContractRevertError):
    """At least one of the following rules was violated: - The `DEFAULT_ADMIN_ROLE` must only be managed by itself. -
    The `DEFAULT_ADMIN_ROLE` must only be held by one account at the time. - Any `DEFAULT_ADMIN_ROLE` transfer must
    be in two delayed steps.

    ``AccessControlEnforcedDefaultAdminRules()``, declared by ParticipantRegistry.
    """

    signature = "AccessControlEnforcedDefaultAdminRules()"


class AccessControlInvalidDefaultAdmin(ContractRevertError):
    """The new default admin is not a valid default admin.

    ``AccessControlInvalidDefaultAdmin(address defaultAdmin)``, declared by ParticipantRegistry.
    """

    signature = "AccessControlInvalidDefaultAdmin(address)"


class AccessControlUnauthorizedAccount(ContractRevertError):
    """The `account` is missing a role.

    ``AccessControlUnauthorizedAccount(address account, bytes32 neededRole)``, declared by ParticipantRegistry.
    """

    signature = "AccessControlUnauthorizedAccount(address,bytes32)"


class AccountBalanceOverflow(ContractRevertError):
    """The recipient's balance has overflowed.

    ``AccountBalanceOverflow()``, declared by PartRegistry.
    """

    signature = "AccountBalanceOverflow()"


class AdminDelayTooLong(ContractRevertError):
    """`delay` is longer than `maxDelay`: the regulators' path back must stay open.

    ``AdminDelayTooLong(uint48 delay, uint48 maxDelay)``, declared by ParticipantRegistry.
    """

    signature = "AdminDelayTooLong(uint48,uint48)"


class AdminNotSuspended(ContractRevertError):
    """Regulators replace the admin only while `admin` is suspended.

    ``AdminNotSuspended(address admin)``, declared by ParticipantRegistry.
    """

    signature = "AdminNotSuspended(address)"


class AdvanceMismatch(ContractRevertError):
    """The offer of order `orderId` asks `offered`; the financier agreed to `expected`.

    ``AdvanceMismatch(uint256 orderId, uint256 offered, uint256 expected)``, declared by PurchaseOrders.
    """

    signature = "AdvanceMismatch(uint256,uint256,uint256)"


class AdvanceNotReceived(ContractRevertError):
    """The payee of order `orderId` received `received` of the `advance` the financier paid (a token charging a fee on
    transfer): nothing is assigned.

    ``AdvanceNotReceived(uint256 orderId, uint256 advance, uint256 received)``, declared by PurchaseOrders.
    """

    signature = "AdvanceNotReceived(uint256,uint256,uint256)"


class AlreadyFrozen(ContractRevertError):
    """Receivable `id` is frozen by a regulator already.

    ``AlreadyFrozen(uint256 id)``, declared by Receivables.
    """

    signature = "AlreadyFrozen(uint256)"


class AlreadyProposed(ContractRevertError):
    """`proposer` already proposed action `actionId`: another authority must confirm it.

    ``AlreadyProposed(bytes32 actionId, address proposer)``, declared by ParticipantRegistry.
    """

    signature = "AlreadyProposed(bytes32,address)"


class ArbiterIsParty(ContractRevertError):
    """The arbiter `arbiter` is a party to the order.

    ``ArbiterIsParty(address arbiter)``, declared by PurchaseOrders.
    """

    signature = "ArbiterIsParty(address)"


class AssemblyCycle(ContractRevertError):
    """Installing `childId` into `parentId` would make a loop.

    ``AssemblyCycle(uint256 childId, uint256 parentId)``, declared by PartRegistry.
    """

    signature = "AssemblyCycle(uint256,uint256)"


class AssemblyNotEmpty(ContractRevertError):
    """The part still has parts installed in it: an assembly is taken apart before it is retired.

    ``AssemblyNotEmpty(uint256 partId)``, declared by PartRegistry.
    """

    signature = "AssemblyNotEmpty(uint256)"


class AssemblyOffered(ContractRevertError):
    """The root assembly is offered to `recipient`: nothing comes out of it until the offer is accepted, declined or
    cancelled.

    ``AssemblyOffered(uint256 assemblyId, address recipient)``, declared by PartRegistry.
    """

    signature = "AssemblyOffered(uint256,address)"


class AssemblyTooDeep(ContractRevertError):
    """The assembly would be deeper than `maxDepth` levels below its root.

    ``AssemblyTooDeep(uint256 childId, uint256 parentId, uint256 depth, uint256 maxDepth)``, declared by PartRegistry.
    """

    signature = "AssemblyTooDeep(uint256,uint256,uint256,uint256)"


class AssignmentOfferExpired(ContractRevertError):
    """The assignment offer of order `orderId` lapsed at `expiry`.

    ``AssignmentOfferExpired(uint256 orderId, uint256 expiry)``, declared by PurchaseOrders.
    """

    signature = "AssignmentOfferExpired(uint256,uint256)"


class AuthorityHasStake(ContractRevertError):
    """PartRecords: `account` holds part `id` (owns or keeps the assembly it is in) or made it: it may not correct its
    usage.

    PartRegistry: `account` holds part `id` (owns or keeps the assembly it is in) or made it, or holds lot `id` (a lot's
    recall): it may not lift a freeze or recall of it.

    Receivables: `account` holds units of receivable `id`, or is its creditor or debtor: it may not lift its freeze.

    ``AuthorityHasStake(uint256 id, address account)``, declared by PartRecords, PartRegistry, Receivables.
    """

    signature = "AuthorityHasStake(uint256,address)"


class AuthorityIsTarget(ContractRevertError):
    """`account` is the target of the action, so it does not count as one of its authorities.

    ``AuthorityIsTarget(address account)``, declared by ParticipantRegistry.
    """

    signature = "AuthorityIsTarget(address)"


class BalanceQueryForZeroAddress(ContractRevertError):
    """Cannot query the balance for the zero address.

    ``BalanceQueryForZeroAddress()``, declared by PartRegistry.
    """

    signature = "BalanceQueryForZeroAddress()"


class BatchAlreadyRecalled(ContractRevertError):
    """The batch is recalled already.

    ``BatchAlreadyRecalled(uint32 batchId)``, declared by PartRegistry.
    """

    signature = "BatchAlreadyRecalled(uint32)"


class BatchNotFound(ContractRevertError):
    """No lot or batch `batchId` was registered by `manufacturer`.

    ``BatchNotFound(address manufacturer, uint32 batchId)``, declared by PartRegistry.
    """

    signature = "BatchNotFound(address,uint32)"


class BatchNotRecalled(ContractRevertError):
    """The batch is not recalled.

    ``BatchNotRecalled(uint32 batchId)``, declared by PartRegistry.
    """

    signature = "BatchNotRecalled(uint32)"


class BatchRecallImposedByRegulator(ContractRevertError):
    """A regulator imposed the batch's recall: only a regulator lifts it, for the batch or a part of it.

    ``BatchRecallImposedByRegulator(uint32 batchId, address account)``, declared by PartRegistry.
    """

    signature = "BatchRecallImposedByRegulator(uint32,address)"


class CannotOffboardAdmin(ContractRevertError):
    """`account` is the admin: it leaves only by the two-step admin handover.

    ``CannotOffboardAdmin(address account)``, declared by ParticipantRegistry.
    """

    signature = "CannotOffboardAdmin(address)"


class CertificateExists(ContractRevertError):
    """The certificate was attached to this part before; nothing is overwritten.

    ``CertificateExists(uint256 partId, bytes32 certHash)``, declared by PartRecords.
    """

    signature = "CertificateExists(uint256,bytes32)"


class ClaimChanged(ContractRevertError):
    """The financier took order `orderId`'s payment as a claim of `agreed`; the order escrows `current` now (a delivery
    or a drop since the offer): nothing is assigned.

    ``ClaimChanged(uint256 orderId, uint256 agreed, uint256 current)``, declared by PurchaseOrders.
    """

    signature = "ClaimChanged(uint256,uint256,uint256)"


class ContainsFlaggedPart(ContractRevertError):
    """A part installed below the part (at any depth) is frozen or recalled on its own: it neither moves (but by a
    forced transfer) nor goes into an assembly until that part is cleared, unfrozen or (a recalled one) removed.

    ``ContainsFlaggedPart(uint256 partId)``, declared by PartRegistry.
    """

    signature = "ContainsFlaggedPart(uint256)"


class CreditLineExceeded(ContractRevertError):
    """`debtor` would owe `outstanding` (confirmed unpaid + reserved) plus `amount` of `token`, over its line `line` in
    it.

    ``CreditLineExceeded(address debtor, address token, uint256 line, uint256 outstanding, uint256 amount)``, declared
    by Receivables.
    """

    signature = "CreditLineExceeded(address,address,uint256,uint256,uint256)"


class CreditReservedInOtherToken(ContractRevertError):
    """`debtor` has `reserved` of `held` reserved: an order on credit in `token` waits until it is settled.

    ``CreditReservedInOtherToken(address debtor, address held, uint256 reserved, address token)``, declared by
    Receivables.
    """

    signature = "CreditReservedInOtherToken(address,address,uint256,address)"


class CustodyUnchanged(ContractRevertError):
    """The part already has this custodian (or none, when releasing).

    ``CustodyUnchanged(uint256 partId, address custodian)``, declared by PartRegistry.
    """

    signature = "CustodyUnchanged(uint256,address)"


class DeadlineNotInFuture(ContractRevertError):
    """The deadline `deadline` is not in the future (`now_`).

    ``DeadlineNotInFuture(uint256 deadline, uint256 now_)``, declared by PurchaseOrders.
    """

    signature = "DeadlineNotInFuture(uint256,uint256)"


class DeadlineNotPassed(ContractRevertError):
    """The deadline `deadline` of order `orderId` has not passed yet.

    ``DeadlineNotPassed(uint256 orderId, uint256 deadline)``, declared by PurchaseOrders.
    """

    signature = "DeadlineNotPassed(uint256,uint256)"


class DeadlinePassed(ContractRevertError):
    """The deadline `deadline` of order `orderId` has passed.

    ``DeadlinePassed(uint256 orderId, uint256 deadline)``, declared by PurchaseOrders.
    """

    signature = "DeadlinePassed(uint256,uint256)"


class DeadlineTooFar(ContractRevertError):
    """The deadline `deadline` is further ahead than {MAX_TERM} allows (`latest`).

    ``DeadlineTooFar(uint256 deadline, uint256 latest)``, declared by PurchaseOrders.
    """

    signature = "DeadlineTooFar(uint256,uint256)"


class DuplicateChild(ContractRevertError):
    """`childId` appears twice in one {installParts} batch (into `parentId`).

    ``DuplicateChild(uint256 childId, uint256 parentId)``, declared by PartRegistry.
    """

    signature = "DuplicateChild(uint256,uint256)"


class DuplicatePart(ContractRevertError):
    """Part `partId` appears twice in the order being opened.

    ``DuplicatePart(uint256 partId)``, declared by PurchaseOrders.
    """

    signature = "DuplicatePart(uint256)"


class ERC1155InsufficientBalance(ContractRevertError):
    """Indicates an error related to the current `balance` of a `sender`. Used in transfers.

    ``ERC1155InsufficientBalance(address sender, uint256 balance, uint256 needed, uint256 tokenId)``, declared by
    Receivables.
    """

    signature = "ERC1155InsufficientBalance(address,uint256,uint256,uint256)"


class ERC1155InvalidApprover(ContractRevertError):
    """Indicates a failure with the `approver` of a token to be approved. Used in approvals.

    ``ERC1155InvalidApprover(address approver)``, declared by Receivables.
    """

    signature = "ERC1155InvalidApprover(address)"


class ERC1155InvalidArrayLength(ContractRevertError):
    """Indicates an array length mismatch between ids and values in a safeBatchTransferFrom operation. Used in batch
    transfers.

    ``ERC1155InvalidArrayLength(uint256 idsLength, uint256 valuesLength)``, declared by Receivables.
    """

    signature = "ERC1155InvalidArrayLength(uint256,uint256)"


class ERC1155InvalidOperator(ContractRevertError):
    """Indicates a failure with the `operator` to be approved. Used in approvals.

    ``ERC1155InvalidOperator(address operator)``, declared by Receivables.
    """

    signature = "ERC1155InvalidOperator(address)"


class ERC1155InvalidReceiver(ContractRevertError):
    """Indicates a failure with the token `receiver`. Used in transfers.

    ``ERC1155InvalidReceiver(address receiver)``, declared by Receivables.
    """

    signature = "ERC1155InvalidReceiver(address)"


class ERC1155InvalidSender(ContractRevertError):
    """Indicates a failure with the token `sender`. Used in transfers.

    ``ERC1155InvalidSender(address sender)``, declared by Receivables.
    """

    signature = "ERC1155InvalidSender(address)"


class ERC1155MissingApprovalForAll(ContractRevertError):
    """Indicates a failure with the `operator`’s approval. Used in transfers.

    ``ERC1155MissingApprovalForAll(address operator, address owner)``, declared by Receivables.
    """

    signature = "ERC1155MissingApprovalForAll(address,address)"


class EmptyCertificate(ContractRevertError):
    """A certificate hash must be non-zero.

    ``EmptyCertificate(uint256 partId)``, declared by PartRecords.
    """

    signature = "EmptyCertificate(uint256)"


class EmptyDelivery(ContractRevertError):
    """A delivery names no part.

    ``EmptyDelivery(uint256 orderId)``, declared by PurchaseOrders.
    """

    signature = "EmptyDelivery(uint256)"


class EmptyIdentifier(ContractRevertError):
    """Part numbers and serial numbers must not be empty.

    ``EmptyIdentifier()``, declared by PartRegistry.
    """

    signature = "EmptyIdentifier()"


class EmptyInvoiceHash(ContractRevertError):
    """An invoice hash must not be zero.

    ``EmptyInvoiceHash()``, declared by Receivables.
    """

    signature = "EmptyInvoiceHash()"


class EmptyParticipantName(ContractRevertError):
    """A participant needs a name.

    ``EmptyParticipantName(address account)``, declared by ParticipantRegistry.
    """

    signature = "EmptyParticipantName(address)"


class EmptyUsage(ContractRevertError):
    """Usage must add cycles or hours.

    ``EmptyUsage(uint256 partId)``, declared by PartRecords.
    """

    signature = "EmptyUsage(uint256)"


class EncumberedByOther(ContractRevertError):
    """`partId` is encumbered by another financing contract than `caller`: only the contract that encumbered a part
    releases or delivers it.

    ``EncumberedByOther(uint256 partId, address caller)``, declared by PartRegistry.
    """

    signature = "EncumberedByOther(uint256,address)"


class EnforcedPause(ContractRevertError):
    """The operation failed because the contract is paused.

    ``EnforcedPause()``, declared by PartRegistry, ParticipantRegistry, PurchaseOrders, Receivables.
    """

    signature = "EnforcedPause()"


class EtherNotAccepted(ContractRevertError):
    """The registry never holds ether: ERC-721 calls must send none.

    ``EtherNotAccepted(uint256 value)``, declared by PartRegistry.
    """

    signature = "EtherNotAccepted(uint256)"


class EventTimeInFuture(ContractRevertError):
    """An event cannot be dated in the future.

    ``EventTimeInFuture(uint64 eventTime, uint256 blockTime)``, declared by PartRecords.
    """

    signature = "EventTimeInFuture(uint64,uint256)"


class ExpectedPause(ContractRevertError):
    """The operation failed because the contract is not paused.

    ``ExpectedPause()``, declared by ParticipantRegistry.
    """

    signature = "ExpectedPause()"


class Expired(ContractRevertError):
    """The offer or signed order expired at `expiry`.

    ``Expired(uint256 partId, uint256 expiry)``, declared by PartRegistry.
    """

    signature = "Expired(uint256,uint256)"


class FeeOnTransferToken(ContractRevertError):
    """The contract received `received` of `token` where it asked for `asked` (a fee-on-transfer or rebasing token):
    such tokens are refused.

    ``FeeOnTransferToken(address token, uint256 asked, uint256 received)``, declared by PurchaseOrders, Receivables.
    """

    signature = "FeeOnTransferToken(address,uint256,uint256)"


class IncompatibleRoles(ContractRevertError):
    """`account` would hold `role` beside `heldRole`: admin, regulator and enforcer exclude each other, and regulator
    excludes manufacturer.

    ``IncompatibleRoles(address account, bytes32 role, bytes32 heldRole)``, declared by ParticipantRegistry.
    """

    signature = "IncompatibleRoles(address,bytes32,bytes32)"


class IncorrectOwner(ContractRevertError):
    """The transfer's `from` is not the owner.

    ``IncorrectOwner(uint256 partId, address from, address owner)``, declared by PartRegistry.
    """

    signature = "IncorrectOwner(uint256,address,address)"


class InsufficientUnits(ContractRevertError):
    """`holder` has `balance` units of receivable `id`, fewer than the `units` offered.

    ``InsufficientUnits(uint256 id, address holder, uint256 balance, uint256 units)``, declared by Receivables.
    """

    signature = "InsufficientUnits(uint256,address,uint256,uint256)"


class InvalidAccountNonce(ContractRevertError):
    """The nonce used for an `account` is not the expected current nonce.

    ``InvalidAccountNonce(address account, uint256 currentNonce)``, declared by PartRegistry.
    """

    signature = "InvalidAccountNonce(address,uint256)"


class InvalidAssignmentExpiry(ContractRevertError):
    """An assignment offer of order `orderId` must expire after now and no later than the order's deadline `deadline`;
    `expiry` was given.

    ``InvalidAssignmentExpiry(uint256 orderId, uint256 expiry, uint256 deadline)``, declared by PurchaseOrders.
    """

    signature = "InvalidAssignmentExpiry(uint256,uint256,uint256)"


class InvalidBatchSize(ContractRevertError):
    """A batch must hold between 1 and `max` serials.

    ``InvalidBatchSize(uint256 size, uint256 max)``, declared by PartRegistry.
    """

    signature = "InvalidBatchSize(uint256,uint256)"


class InvalidDebtor(ContractRevertError):
    """`debtor` cannot owe this receivable (zero, or the creditor itself).

    ``InvalidDebtor(address debtor)``, declared by Receivables.
    """

    signature = "InvalidDebtor(address)"


class InvalidDeliverer(ContractRevertError):
    """`account` cannot deliver for order `orderId`: it is the zero address or the buyer.

    ``InvalidDeliverer(uint256 orderId, address account)``, declared by PurchaseOrders.
    """

    signature = "InvalidDeliverer(uint256,address)"


class InvalidFace(ContractRevertError):
    """The face amount must be between 1 and 2^128 - 1.

    ``InvalidFace(uint256 face)``, declared by Receivables.
    """

    signature = "InvalidFace(uint256)"


class InvalidFinancier(ContractRevertError):
    """The financier `financier` is the buyer, the payee or the arbiter of order `orderId`.

    ``InvalidFinancier(uint256 orderId, address financier)``, declared by PurchaseOrders.
    """

    signature = "InvalidFinancier(uint256,address)"


class InvalidFinancing(ContractRevertError):
    """The contract does not answer `parts()` with this registry and `participants()` with its participant registry, or
    it is the current financing contract or a replaced one.

    ``InvalidFinancing(address financing)``, declared by PartRegistry.
    """

    signature = "InvalidFinancing(address)"


class InvalidLifeLimit(ContractRevertError):
    """A life limit needs a cycle or an hour limit.

    ``InvalidLifeLimit(uint256 partId)``, declared by PartRecords.
    """

    signature = "InvalidLifeLimit(uint256)"


class InvalidLotProof(ContractRevertError):
    """The proof does not place the serial in the lot.

    ``InvalidLotProof(uint32 lotId, bytes32 serialNumber)``, declared by PartRegistry.
    """

    signature = "InvalidLotProof(uint32,bytes32)"


class InvalidMaturity(ContractRevertError):
    """`maturity` is outside [earliest, latest] (after now, within the maximum tenor).

    ``InvalidMaturity(uint64 maturity, uint64 earliest, uint64 latest)``, declared by Receivables.
    """

    signature = "InvalidMaturity(uint64,uint64,uint64)"


class InvalidMerkleRoot(ContractRevertError):
    """A Merkle root must be non-zero.

    ``InvalidMerkleRoot()``, declared by PartRegistry.
    """

    signature = "InvalidMerkleRoot()"


class InvalidOfferExpiry(ContractRevertError):
    """An offer's expiry `expiry` must be after now.

    ``InvalidOfferExpiry(uint64 expiry)``, declared by Receivables.
    """

    signature = "InvalidOfferExpiry(uint64)"


class InvalidOrderMaturity(ContractRevertError):
    """Credit: the maturity must come after the deadline; prepaid: it must be zero.

    ``InvalidOrderMaturity(uint256 maturity, uint256 deadline)``, declared by PurchaseOrders.
    """

    signature = "InvalidOrderMaturity(uint256,uint256)"


class InvalidOrders(ContractRevertError):
    """`orders` does not answer `parts()`, `participants()` and `receivables()` with this suite, or it is the current or
    a replaced orders contract.

    ``InvalidOrders(address orders)``, declared by Receivables.
    """

    signature = "InvalidOrders(address)"


class InvalidPartCount(ContractRevertError):
    """An order holds between 1 and `max` parts; `count` were given.

    ``InvalidPartCount(uint256 count, uint256 max)``, declared by PurchaseOrders.
    """

    signature = "InvalidPartCount(uint256,uint256)"


class InvalidParticipant(ContractRevertError):
    """`account` is the zero address.

    ``InvalidParticipant(address account)``, declared by ParticipantRegistry.
    """

    signature = "InvalidParticipant(address)"


class InvalidParts(ContractRevertError):
    """`parts` is not a part registry of this participant registry.

    ``InvalidParts(address parts)``, declared by ParticipantRegistry.
    """

    signature = "InvalidParts(address)"


class InvalidReceiver(ContractRevertError):
    """The receiver is the zero address or the registry itself.

    ``InvalidReceiver(address receiver)``, declared by PartRegistry.
    """

    signature = "InvalidReceiver(address)"


class InvalidRecords(ContractRevertError):
    """`records` is not a records contract of this registry and its participant registry.

    ``InvalidRecords(address records)``, declared by PartRegistry.
    """

    signature = "InvalidRecords(address)"


class InvalidSignature(ContractRevertError):
    """The signature is not the owner's for this order.

    ``InvalidSignature(uint256 partId, address owner)``, declared by PartRegistry.
    """

    signature = "InvalidSignature(uint256,address)"


class InvalidSplit(ContractRevertError):
    """A split is given in basis points: `buyerBps` is above 10,000.

    ``InvalidSplit(uint256 buyerBps)``, declared by PurchaseOrders.
    """

    signature = "InvalidSplit(uint256)"


class InvalidTerms(ContractRevertError):
    """Terms out of range: a maximum tenor of 1 day to 10 years, a grace period up to 365 days.

    ``InvalidTerms(uint64 maxTenor, uint64 gracePeriod)``, declared by Receivables.
    """

    signature = "InvalidTerms(uint64,uint64)"


class InvalidToken(ContractRevertError):
    """`token` has no code: it cannot be a settlement token.

    ``InvalidToken(address token)``, declared by PurchaseOrders, Receivables.
    """

    signature = "InvalidToken(address)"


class InvalidUsageCorrection(ContractRevertError):
    """A usage correction must lower the totals (`cycles` <= `totalCycles`, `hours_` <= `totalHours`, not both equal).

    ``InvalidUsageCorrection(uint256 partId, uint64 totalCycles, uint64 totalHours, uint64 cycles, uint64 hours_)``,
    declared by PartRecords.
    """

    signature = "InvalidUsageCorrection(uint256,uint64,uint64,uint64,uint64)"


class InvoiceAlreadyFinanced(ContractRevertError):
    """Invoice `invoiceHash` of `creditor` to `debtor` already backs the confirmed receivable `receivableId` (an invoice
    is financed once, ever).

    ``InvoiceAlreadyFinanced(address creditor, address debtor, bytes32 invoiceHash, uint256 receivableId)``, declared by
    Receivables.
    """

    signature = "InvoiceAlreadyFinanced(address,address,bytes32,uint256)"


class LifeLimitAlreadyReached(ContractRevertError):
    """The part has already used up the limit being set (a limit cannot ground a part for good: recall it instead).

    ``LifeLimitAlreadyReached(uint256 partId, uint64 cycles, uint64 cycleLimit, uint64 hours_, uint64 hourLimit)``,
    declared by PartRecords.
    """

    signature = "LifeLimitAlreadyReached(uint256,uint64,uint64,uint64,uint64)"


class LifeLimitAlreadySet(ContractRevertError):
    """The part has a life limit already; limits are set once.

    ``LifeLimitAlreadySet(uint256 partId)``, declared by PartRecords.
    """

    signature = "LifeLimitAlreadySet(uint256)"


class LifeLimitExceeded(ContractRevertError):
    """The part reached its life limit and cannot be installed or returned to service.

    ``LifeLimitExceeded(uint256 partId, uint64 cycles, uint64 cycleLimit, uint64 hours_, uint64 hourLimit)``, declared
    by PartRecords.
    """

    signature = "LifeLimitExceeded(uint256,uint64,uint64,uint64,uint64)"


class LinePricesMismatch(ContractRevertError):
    """An order priced by line names one price per part: `partCount` parts, `priceCount` prices.

    ``LinePricesMismatch(uint256 partCount, uint256 priceCount)``, declared by PurchaseOrders.
    """

    signature = "LinePricesMismatch(uint256,uint256)"


class LotRecalled(ContractRevertError):
    """The lot is under recall: its unclaimed serials cannot change hands until it is lifted.

    ``LotRecalled(uint32 lotId)``, declared by PartRegistry.
    """

    signature = "LotRecalled(uint32)"


class NoAssignmentOffer(ContractRevertError):
    """Order `orderId` has no offer of its payment to `financier` from its current payee.

    ``NoAssignmentOffer(uint256 orderId, address financier)``, declared by PurchaseOrders.
    """

    signature = "NoAssignmentOffer(uint256,address)"


class NoOpenOffer(ContractRevertError):
    """No handover offer is open for the part.

    ``NoOpenOffer(uint256 partId)``, declared by PartRegistry.
    """

    signature = "NoOpenOffer(uint256)"


class NotALot(ContractRevertError):
    """Batch `batchId` is a registration batch, not a Merkle lot: no holder, no serials to claim.

    ``NotALot(uint32 batchId)``, declared by PartRegistry.
    """

    signature = "NotALot(uint32)"


class NotASuiteContract(ContractRevertError):
    """{confirmExternal} speaks only for the bound part registry and the receivables of its financing contract: `caller`
    is neither.

    ``NotASuiteContract(address caller)``, declared by ParticipantRegistry.
    """

    signature = "NotASuiteContract(address)"


class NotAnAuthority(ContractRevertError):
    """`account` is neither the admin nor a regulator, so it cannot propose or confirm.

    ``NotAnAuthority(address account)``, declared by ParticipantRegistry.
    """

    signature = "NotAnAuthority(address)"


class NotArbiter(ContractRevertError):
    """`account` is not the arbiter named by order `orderId`.

    ``NotArbiter(uint256 orderId, address account)``, declared by PurchaseOrders.
    """

    signature = "NotArbiter(uint256,address)"


class NotAuthorized(ContractRevertError):
    """`account` has no standing on the part for this record.

    ``NotAuthorized(uint256 partId, address account)``, declared by PartRecords.
    """

    signature = "NotAuthorized(uint256,address)"


class NotBatchManufacturerOrRegulator(ContractRevertError):
    """`account` did not register batch `batchId` and is not a regulator.

    ``NotBatchManufacturerOrRegulator(uint32 batchId, address account)``, declared by PartRegistry.
    """

    signature = "NotBatchManufacturerOrRegulator(uint32,address)"


class NotBuyer(ContractRevertError):
    """`account` is not the buyer of order `orderId`.

    ``NotBuyer(uint256 orderId, address account)``, declared by PurchaseOrders.
    """

    signature = "NotBuyer(uint256,address)"


class NotCreditor(ContractRevertError):
    """`account` is not receivable `id`'s creditor `creditor`.

    ``NotCreditor(uint256 id, address account, address creditor)``, declared by Receivables.
    """

    signature = "NotCreditor(uint256,address,address)"


class NotDebtor(ContractRevertError):
    """`account` is not receivable `id`'s debtor `debtor`.

    ``NotDebtor(uint256 id, address account, address debtor)``, declared by Receivables.
    """

    signature = "NotDebtor(uint256,address,address)"


class NotDeliverer(ContractRevertError):
    """`account` is neither the seller of order `orderId` nor authorised by it to deliver.

    ``NotDeliverer(uint256 orderId, address account)``, declared by PurchaseOrders.
    """

    signature = "NotDeliverer(uint256,address)"


class NotFinancing(ContractRevertError):
    """Only the current financing contract may encumber parts; it or a replaced one (winding down) may release or
    deliver them.

    ``NotFinancing(address caller)``, declared by PartRegistry.
    """

    signature = "NotFinancing(address)"


class NotFrozenByRegulator(ContractRevertError):
    """Receivable `id` is not frozen by a regulator.

    ``NotFrozenByRegulator(uint256 id)``, declared by Receivables.
    """

    signature = "NotFrozenByRegulator(uint256)"


class NotLotHolder(ContractRevertError):
    """`account` does not hold lot `lotId` (only the holder claims or hands it on).

    ``NotLotHolder(uint32 lotId, address account, address holder)``, declared by PartRegistry.
    """

    signature = "NotLotHolder(uint32,address,address)"


class NotManufacturerOrRegulator(ContractRevertError):
    """`account` is neither the part's manufacturer nor a regulator.

    ``NotManufacturerOrRegulator(uint256 partId, address account)``, declared by PartRegistry.
    """

    signature = "NotManufacturerOrRegulator(uint256,address)"


class NotOfferFinancier(ContractRevertError):
    """`account` is not the financier `financier` offer `offerId` names.

    ``NotOfferFinancier(uint256 offerId, address account, address financier)``, declared by Receivables.
    """

    signature = "NotOfferFinancier(uint256,address,address)"


class NotOfferHolder(ContractRevertError):
    """`account` is not the holder `holder` who made offer `offerId`.

    ``NotOfferHolder(uint256 offerId, address account, address holder)``, declared by Receivables.
    """

    signature = "NotOfferHolder(uint256,address,address)"


class NotOfferRecipient(ContractRevertError):
    """The offer is addressed to `recipient`, not to the caller.

    ``NotOfferRecipient(uint256 partId, address account, address recipient)``, declared by PartRegistry.
    """

    signature = "NotOfferRecipient(uint256,address,address)"


class NotOrders(ContractRevertError):
    """Only the connected purchase-order contract may call; `caller` is not it.

    ``NotOrders(address caller)``, declared by Receivables.
    """

    signature = "NotOrders(address)"


class NotOwnerNorApproved(ContractRevertError):
    """Only the token owner or an approved account can manage the token.

    ``NotOwnerNorApproved()``, declared by PartRegistry.
    """

    signature = "NotOwnerNorApproved()"


class NotOwnerOrCustodian(ContractRevertError):
    """`account` is neither owner nor custodian of the part.

    ``NotOwnerOrCustodian(uint256 partId, address account)``, declared by PartRegistry.
    """

    signature = "NotOwnerOrCustodian(uint256,address)"


class NotPartOwner(ContractRevertError):
    """PartRecords: Only the owner (of the root assembly) authorises or revokes repair stations for a part.

    PartRegistry: `account` may not act for the owner of the part (`owner`).

    ``NotPartOwner(uint256 partId, address account, address owner)``, declared by PartRecords, PartRegistry.
    """

    signature = "NotPartOwner(uint256,address,address)"


class NotParty(ContractRevertError):
    """`account` is neither the buyer nor the seller of order `orderId`.

    ``NotParty(uint256 orderId, address account)``, declared by PurchaseOrders.
    """

    signature = "NotParty(uint256,address)"


class NotPayee(ContractRevertError):
    """`account` is not the payee of order `orderId`.

    ``NotPayee(uint256 orderId, address account)``, declared by PurchaseOrders.
    """

    signature = "NotPayee(uint256,address)"


class NotProposer(ContractRevertError):
    """`account` did not propose action `actionId`, so it cannot withdraw it.

    ``NotProposer(bytes32 actionId, address account)``, declared by ParticipantRegistry.
    """

    signature = "NotProposer(bytes32,address)"


class NotRepairStation(ContractRevertError):
    """`account` does not hold REPAIR_STATION_ROLE.

    ``NotRepairStation(address account)``, declared by PartRecords.
    """

    signature = "NotRepairStation(address)"


class NotSeller(ContractRevertError):
    """`account` is not the seller of order `orderId`.

    ``NotSeller(uint256 orderId, address account)``, declared by PurchaseOrders.
    """

    signature = "NotSeller(uint256,address)"


class NothingOwed(ContractRevertError):
    """`account` has nothing of `token` to withdraw.

    ``NothingOwed(address token, address account)``, declared by PurchaseOrders, Receivables.
    """

    signature = "NothingOwed(address,address)"


class NothingToRedeem(ContractRevertError):
    """`holder` has nothing to redeem on receivable `id` now.

    ``NothingToRedeem(uint256 id, address holder)``, declared by Receivables.
    """

    signature = "NothingToRedeem(uint256,address)"


class OfferDevalued(ContractRevertError):
    """Offer `offerId`'s units are worth less than when offered: the holder's redemption debt per unit rose from
    `debtAtOffer` / `balanceAtOffer` to `debtNow` / `balanceNow` (it redeemed).

    ``OfferDevalued(uint256 offerId, uint256 debtAtOffer, uint256 balanceAtOffer, uint256 debtNow, uint256
    balanceNow)``, declared by Receivables.
    """

    signature = "OfferDevalued(uint256,uint256,uint256,uint256,uint256)"


class OfferExpired(ContractRevertError):
    """Offer `offerId` expired at `expiry`.

    ``OfferExpired(uint256 offerId, uint64 expiry)``, declared by Receivables.
    """

    signature = "OfferExpired(uint256,uint64)"


class OfferMakerNotApproved(ContractRevertError):
    """The approved account that made the offer is no longer approved by the owner: its offer died.

    ``OfferMakerNotApproved(uint256 partId, address maker, address owner)``, declared by PartRegistry.
    """

    signature = "OfferMakerNotApproved(uint256,address,address)"


class OfferNotFound(ContractRevertError):
    """No open discount offer `offerId`.

    ``OfferNotFound(uint256 offerId)``, declared by Receivables.
    """

    signature = "OfferNotFound(uint256)"


class OrderIsFrozen(ContractRevertError):
    """A regulator froze order `orderId`: nothing moves on it.

    ``OrderIsFrozen(uint256 orderId)``, declared by PurchaseOrders.
    """

    signature = "OrderIsFrozen(uint256)"


class OrderMatured(ContractRevertError):
    """Order `orderId` on credit matured at `maturity`: a receipt confirmed now would invoice a receivable already due,
    so nothing more is delivered on it.

    ``OrderMatured(uint256 orderId, uint256 maturity)``, declared by PurchaseOrders.
    """

    signature = "OrderMatured(uint256,uint256)"


class OrderNotAccepted(ContractRevertError):
    """Order `orderId` is `state`: only an accepted order allows this.

    ``OrderNotAccepted(uint256 orderId, uint8 state)``, declared by PurchaseOrders.
    """

    signature = "OrderNotAccepted(uint256,uint8)"


class OrderNotDisputed(ContractRevertError):
    """Order `orderId` is `state`: only an order in dispute can be ruled.

    ``OrderNotDisputed(uint256 orderId, uint8 state)``, declared by PurchaseOrders.
    """

    signature = "OrderNotDisputed(uint256,uint8)"


class OrderNotFound(ContractRevertError):
    """No order has id `orderId`.

    ``OrderNotFound(uint256 orderId)``, declared by PurchaseOrders.
    """

    signature = "OrderNotFound(uint256)"


class OrderNotOpen(ContractRevertError):
    """Order `orderId` is `state`: only an open order (waiting for the seller) allows this.

    ``OrderNotOpen(uint256 orderId, uint8 state)``, declared by PurchaseOrders.
    """

    signature = "OrderNotOpen(uint256,uint8)"


class OrderNotRefundable(ContractRevertError):
    """Order `orderId` is `state`: it is closed.

    ``OrderNotRefundable(uint256 orderId, uint8 state)``, declared by PurchaseOrders.
    """

    signature = "OrderNotRefundable(uint256,uint8)"


class Overpayment(ContractRevertError):
    """A payment of `amount` exceeds the `remaining` unpaid face of receivable `id`.

    ``Overpayment(uint256 id, uint256 amount, uint256 remaining)``, declared by Receivables.
    """

    signature = "Overpayment(uint256,uint256,uint256)"


class PartAlreadyFinanced(ContractRevertError):
    """Part `partId` already backs confirmed open receivable `receivableId` (or is named twice).

    ``PartAlreadyFinanced(uint256 partId, uint256 receivableId)``, declared by PurchaseOrders, Receivables.
    """

    signature = "PartAlreadyFinanced(uint256,uint256)"


class PartAlreadyRegistered(ContractRevertError):
    """The part id (manufacturer, part number, serial) is registered already.

    ``PartAlreadyRegistered(uint256 partId)``, declared by PartRegistry.
    """

    signature = "PartAlreadyRegistered(uint256)"


class PartAlreadySettled(ContractRevertError):
    """Part `partId` of order `orderId` is settled already (`state`).

    ``PartAlreadySettled(uint256 orderId, uint256 partId, uint8 state)``, declared by PurchaseOrders.
    """

    signature = "PartAlreadySettled(uint256,uint256,uint8)"


class PartEncumbered(ContractRevertError):
    """The part backs an open financing.

    ``PartEncumbered(uint256 partId)``, declared by PartRegistry.
    """

    signature = "PartEncumbered(uint256)"


class PartFrozen(ContractRevertError):
    """PartRecords: A regulator froze the part; it takes no certificate and no return to service until unfrozen.

    PartRegistry: A regulator froze the part.

    ``PartFrozen(uint256 partId)``, declared by PartRecords, PartRegistry.
    """

    signature = "PartFrozen(uint256)"


class PartInAcceptedOrder(ContractRevertError):
    """Part `partId` is held by accepted order `orderId` (promised to its buyer, or forced to that buyer, or the order
    is disputed or frozen): no other order can be accepted for it until that line settles. A part forced away to
    anyone else is not held.

    ``PartInAcceptedOrder(uint256 partId, uint256 orderId)``, declared by PurchaseOrders.
    """

    signature = "PartInAcceptedOrder(uint256,uint256)"


class PartInAssembly(ContractRevertError):
    """A receivable links whole parts only: part `partId` sits in an assembly (link the assembly's root; its debtor
    takes nothing out of a financed assembly until it is paid).

    ``PartInAssembly(uint256 partId)``, declared by Receivables.
    """

    signature = "PartInAssembly(uint256)"


class PartInstalled(ContractRevertError):
    """The part sits in an assembly and only moves with it.

    ``PartInstalled(uint256 partId, uint256 parentId)``, declared by PartRegistry.
    """

    signature = "PartInstalled(uint256,uint256)"


class PartNotEncumbered(ContractRevertError):
    """The part is not encumbered.

    ``PartNotEncumbered(uint256 partId)``, declared by PartRegistry.
    """

    signature = "PartNotEncumbered(uint256)"


class PartNotFound(ContractRevertError):
    """PartRecords: The part is not registered.

    PartRegistry: No part with this id is registered.

    ``PartNotFound(uint256 partId)``, declared by PartRecords, PartRegistry.
    """

    signature = "PartNotFound(uint256)"


class PartNotFrozen(ContractRevertError):
    """The part is not frozen.

    ``PartNotFrozen(uint256 partId)``, declared by PartRegistry.
    """

    signature = "PartNotFrozen(uint256)"


class PartNotInOrder(ContractRevertError):
    """Part `partId` is not a part of order `orderId`.

    ``PartNotInOrder(uint256 orderId, uint256 partId)``, declared by PurchaseOrders.
    """

    signature = "PartNotInOrder(uint256,uint256)"


class PartNotInstalled(ContractRevertError):
    """The part is not installed in any assembly.

    ``PartNotInstalled(uint256 partId)``, declared by PartRegistry.
    """

    signature = "PartNotInstalled(uint256)"


class PartNotOwnedByDebtor(ContractRevertError):
    """Part `partId` is owned by `owner`, not by the debtor `debtor`.

    ``PartNotOwnedByDebtor(uint256 partId, address debtor, address owner)``, declared by Receivables.
    """

    signature = "PartNotOwnedByDebtor(uint256,address,address)"


class PartNotOwnedBySeller(ContractRevertError):
    """`owner` holds part `partId`, not the seller `seller`.

    ``PartNotOwnedBySeller(uint256 partId, address seller, address owner)``, declared by PurchaseOrders.
    """

    signature = "PartNotOwnedBySeller(uint256,address,address)"


class PartNotSuspect(ContractRevertError):
    """The part is not suspect, so there is nothing to clear.

    ``PartNotSuspect(uint256 partId)``, declared by PartRegistry.
    """

    signature = "PartNotSuspect(uint256)"


class PartRetired(ContractRevertError):
    """PartRecords: The part is retired; it takes no new certificate, usage or return to service.

    PartRegistry: The part is retired (scrapped) and never moves or returns to service.

    ``PartRetired(uint256 partId)``, declared by PartRecords, PartRegistry.
    """

    signature = "PartRetired(uint256)"


class PartStillDeliverable(ContractRevertError):
    """Part `partId` of order `orderId` can still be delivered sound (promised, with the seller, in service and within
    its life limit, the seller active): it cannot be dropped.

    ``PartStillDeliverable(uint256 orderId, uint256 partId)``, declared by PurchaseOrders.
    """

    signature = "PartStillDeliverable(uint256,uint256)"


class PartSuspect(ContractRevertError):
    """PartRecords: The part is recalled; it cannot return to service until cleared.

    PartRegistry: The part (or its batch) is recalled / quarantined.

    ``PartSuspect(uint256 partId)``, declared by PartRecords, PartRegistry.
    """

    signature = "PartSuspect(uint256)"


class PartWithBuyer(ContractRevertError):
    """Part `partId` of order `orderId` is the buyer's already (a forced transfer): it is not dropped nor refunded; the
    buyer settles it with {confirmReceipt}.

    ``PartWithBuyer(uint256 orderId, uint256 partId)``, declared by PurchaseOrders.
    """

    signature = "PartWithBuyer(uint256,uint256)"


class ParticipantAlreadyRegistered(ContractRevertError):
    """`account` already has a participant record.

    ``ParticipantAlreadyRegistered(address account)``, declared by ParticipantRegistry.
    """

    signature = "ParticipantAlreadyRegistered(address)"


class ParticipantNotRegistered(ContractRevertError):
    """`account` has no participant record.

    ``ParticipantNotRegistered(address account)``, declared by PartRegistry, ParticipantRegistry, Receivables.
    """

    signature = "ParticipantNotRegistered(address)"


class ParticipantNotSuspended(ContractRevertError):
    """`account` is not suspended, so it cannot be reinstated.

    ``ParticipantNotSuspended(address account)``, declared by ParticipantRegistry.
    """

    signature = "ParticipantNotSuspended(address)"


class ParticipantSuspended(ContractRevertError):
    """`account` is registered but suspended by a regulator.

    ``ParticipantSuspended(address account)``, declared by PartRegistry, ParticipantRegistry, Receivables.
    """

    signature = "ParticipantSuspended(address)"


class PartsAlreadyBound(ContractRevertError):
    """The part registry is bound already ({bindParts} is once): `parts` is the bound one.

    ``PartsAlreadyBound(address parts)``, declared by ParticipantRegistry.
    """

    signature = "PartsAlreadyBound(address)"


class PartsChangedSinceOpening(ContractRevertError):
    """Something was taken out of a part of order `orderId` (an ordered assembly), or an ordered part out of an
    assembly, since the buyer opened it: the parts' content versions summed `atOpening` then and `current` now. The
    seller cannot accept what the buyer did not order; the buyer cancels and orders again.

    ``PartsChangedSinceOpening(uint256 orderId, uint256 atOpening, uint256 current)``, declared by PurchaseOrders.
    """

    signature = "PartsChangedSinceOpening(uint256,uint256,uint256)"


class PauseUnauthorized(ContractRevertError):
    """`account` may not pause or unpause the suite (admin or regulator only).

    ``PauseUnauthorized(address account)``, declared by ParticipantRegistry.
    """

    signature = "PauseUnauthorized(address)"


class PriceNotReceived(ContractRevertError):
    """The holder received `received` of the price `price` (a fee-on-transfer token): refused.

    ``PriceNotReceived(uint256 offerId, uint256 price, uint256 received)``, declared by Receivables.
    """

    signature = "PriceNotReceived(uint256,uint256,uint256)"


class PriceTooHigh(ContractRevertError):
    """The price `price` is above the largest an order holds, `max` (for an order priced by line: one line's price, or
    their sum).

    ``PriceTooHigh(uint256 price, uint256 max)``, declared by PurchaseOrders.
    """

    signature = "PriceTooHigh(uint256,uint256)"


class PriceTooLow(ContractRevertError):
    """The price must be at least one smallest unit per part: `price` for `partCount` parts.

    ``PriceTooLow(uint256 price, uint256 partCount)``, declared by PurchaseOrders.
    """

    signature = "PriceTooLow(uint256,uint256)"


class ProposalNotFound(ContractRevertError):
    """No proposal `actionId` is pending.

    ``ProposalNotFound(bytes32 actionId)``, declared by ParticipantRegistry.
    """

    signature = "ProposalNotFound(bytes32)"


class RecallImposedByRegulator(ContractRevertError):
    """A regulator imposed the part's own recall: only a regulator clears it, not `account`.

    ``RecallImposedByRegulator(uint256 partId, address account)``, declared by PartRegistry.
    """

    signature = "RecallImposedByRegulator(uint256,address)"


class ReceivableFrozen(ContractRevertError):
    """Receivable `id` is frozen (`frozenFlags`): no transfer, split or discount.

    ``ReceivableFrozen(uint256 id, uint8 frozenFlags)``, declared by Receivables.
    """

    signature = "ReceivableFrozen(uint256,uint8)"


class ReceivableNotConfirmed(ContractRevertError):
    """Receivable `id` is `state`: only a confirmed receivable moves, is paid or discounted.

    ``ReceivableNotConfirmed(uint256 id, uint8 state)``, declared by Receivables.
    """

    signature = "ReceivableNotConfirmed(uint256,uint8)"


class ReceivableNotFound(ContractRevertError):
    """No receivable has id `id`.

    ``ReceivableNotFound(uint256 id)``, declared by Receivables.
    """

    signature = "ReceivableNotFound(uint256)"


class ReceivableNotPending(ContractRevertError):
    """Receivable `id` is `state`, not pending: it was confirmed, rejected or withdrawn already.

    ``ReceivableNotPending(uint256 id, uint8 state)``, declared by Receivables.
    """

    signature = "ReceivableNotPending(uint256,uint8)"


class ReceivableSettled(ContractRevertError):
    """Receivable `id` is fully paid: its units no longer move; holders redeem them.

    ``ReceivableSettled(uint256 id)``, declared by Receivables.
    """

    signature = "ReceivableSettled(uint256)"


class ReentrancyGuardReentrantCall(ContractRevertError):
    """Unauthorized reentrant call.

    ``ReentrancyGuardReentrantCall()``, declared by PurchaseOrders, Receivables.
    """

    signature = "ReentrancyGuardReentrantCall()"


class RegulatorHasStake(ContractRevertError):
    """Regulator `regulator` is the buyer, the seller, the payee or the arbiter of order `orderId`: it may neither
    freeze nor unfreeze it.

    ``RegulatorHasStake(uint256 orderId, address regulator)``, declared by PurchaseOrders.
    """

    signature = "RegulatorHasStake(uint256,address)"


class RegulatorNeededForPathBack(ContractRevertError):
    """While the admin is suspended, `account` is one of the last two active regulators: it cannot renounce.

    ``RegulatorNeededForPathBack(address account)``, declared by ParticipantRegistry.
    """

    signature = "RegulatorNeededForPathBack(address)"


class ReservationExceeded(ContractRevertError):
    """`amount` is more than the `reserved` credit of `debtor` in `token` the connected orders contract holds (what it
    reserved itself: a replaced contract's reservations are not its own).

    ``ReservationExceeded(address debtor, address token, uint256 amount, uint256 reserved)``, declared by Receivables.
    """

    signature = "ReservationExceeded(address,address,uint256,uint256)"


class RoleNeedsTwoAuthorities(ContractRevertError):
    """`role` needs two authorities: onboard `account` without it, then two authorities grant it.

    ``RoleNeedsTwoAuthorities(address account, bytes32 role)``, declared by ParticipantRegistry.
    """

    signature = "RoleNeedsTwoAuthorities(address,bytes32)"


class RulingWindowOpen(ContractRevertError):
    """Order `orderId` is in dispute and its arbiter may rule until `until` (the later of the deadline and the dispute,
    plus {DISPUTE_WINDOW}): it cannot be refunded before.

    ``RulingWindowOpen(uint256 orderId, uint256 until)``, declared by PurchaseOrders.
    """

    signature = "RulingWindowOpen(uint256,uint256)"


class SafeCastOverflowedUintDowncast(ContractRevertError):
    """Value doesn't fit in an uint of `bits` size.

    ``SafeCastOverflowedUintDowncast(uint8 bits, uint256 value)``, declared by ParticipantRegistry, PurchaseOrders,
    Receivables.
    """

    signature = "SafeCastOverflowedUintDowncast(uint8,uint256)"


class SafeERC20FailedOperation(ContractRevertError):
    """An operation with an ERC-20 token failed.

    ``SafeERC20FailedOperation(address token)``, declared by PurchaseOrders, Receivables.
    """

    signature = "SafeERC20FailedOperation(address)"


class SameBuyerAndSeller(ContractRevertError):
    """The buyer and the seller are the same account.

    ``SameBuyerAndSeller(address account)``, declared by PurchaseOrders.
    """

    signature = "SameBuyerAndSeller(address)"


class StaleCertificate(ContractRevertError):
    """A re-certification must name the current certificate as its previous one.

    ``StaleCertificate(uint256 partId, bytes32 current, bytes32 given)``, declared by PartRecords.
    """

    signature = "StaleCertificate(uint256,bytes32,bytes32)"


class StationAlreadyAuthorised(ContractRevertError):
    """The owner has authorised this repair station for the part already.

    ``StationAlreadyAuthorised(uint256 partId, address owner, address station)``, declared by PartRecords.
    """

    signature = "StationAlreadyAuthorised(uint256,address,address)"


class StationNotAuthorised(ContractRevertError):
    """The owner has not authorised this repair station for the part.

    ``StationNotAuthorised(uint256 partId, address owner, address station)``, declared by PartRecords.
    """

    signature = "StationNotAuthorised(uint256,address,address)"


class TokenAlreadyExists(ContractRevertError):
    """The token already exists.

    ``TokenAlreadyExists()``, declared by PartRegistry.
    """

    signature = "TokenAlreadyExists()"


class TokenDoesNotExist(ContractRevertError):
    """The token does not exist.

    ``TokenDoesNotExist()``, declared by PartRegistry.
    """

    signature = "TokenDoesNotExist()"


class TokenNotAllowed(ContractRevertError):
    """The admin has not allowed `token` for settlement.

    ``TokenNotAllowed(address token)``, declared by PurchaseOrders, Receivables.
    """

    signature = "TokenNotAllowed(address)"


class TokenProbeFailed(ContractRevertError):
    """Paying the probe back did not restore the balances: the admin went from `adminBefore` to `adminAfter` of `token`
    and this contract from `heldBefore` to `heldAfter` (a fee on the way out, or a token that moves other amounts
    than asked): such a token is refused.

    ``TokenProbeFailed(address token, uint256 adminBefore, uint256 adminAfter, uint256 heldBefore, uint256 heldAfter)``,
    declared by PurchaseOrders, Receivables.
    """

    signature = "TokenProbeFailed(address,uint256,uint256,uint256,uint256)"


class TokenProbeUnfunded(ContractRevertError):
    """The admin `admin` holds `balance` of `token` and let this contract take `allowance` of it: {allowToken} needs
    `probe` of both to prove the token pays exactly.

    ``TokenProbeUnfunded(address token, address admin, uint256 balance, uint256 allowance, uint256 probe)``, declared by
    PurchaseOrders, Receivables.
    """

    signature = "TokenProbeUnfunded(address,address,uint256,uint256,uint256)"


class TooManyParts(ContractRevertError):
    """A receivable links at most `max` parts; `count` were given.

    ``TooManyParts(uint256 count, uint256 max)``, declared by Receivables.
    """

    signature = "TooManyParts(uint256,uint256)"


class TransferFromIncorrectOwner(ContractRevertError):
    """The token must be owned by `from`.

    ``TransferFromIncorrectOwner()``, declared by PartRegistry.
    """

    signature = "TransferFromIncorrectOwner()"


class TransferToNonERC721ReceiverImplementer(ContractRevertError):
    """Cannot safely transfer to a contract that does not implement the ERC721Receiver interface.

    ``TransferToNonERC721ReceiverImplementer()``, declared by PartRegistry.
    """

    signature = "TransferToNonERC721ReceiverImplementer()"


class TransferToZeroAddress(ContractRevertError):
    """Cannot mint or transfer to the zero address.

    ``TransferToZeroAddress()``, declared by PartRegistry.
    """

    signature = "TransferToZeroAddress()"


class UnknownEvent(ContractRevertError):
    """The event to correct does not exist on this part.

    ``UnknownEvent(uint256 partId, uint256 eventIndex)``, declared by PartRecords.
    """

    signature = "UnknownEvent(uint256,uint256)"


class UnknownParticipantId(ContractRevertError):
    """No participant has number `participantId`.

    ``UnknownParticipantId(uint32 participantId)``, declared by ParticipantRegistry.
    """

    signature = "UnknownParticipantId(uint32)"


class UnknownRole(ContractRevertError):
    """`role` is not one of the suite's roles.

    ``UnknownRole(bytes32 role)``, declared by ParticipantRegistry.
    """

    signature = "UnknownRole(bytes32)"


class UsageOverflow(ContractRevertError):
    """Adding the usage would overflow the part's uint64 cycle or hour counter.

    ``UsageOverflow(uint256 partId, uint64 totalCycles, uint64 totalHours, uint64 cycles, uint64 hours_)``, declared by
    PartRecords.
    """

    signature = "UsageOverflow(uint256,uint64,uint64,uint64,uint64)"


class UsageTooLarge(ContractRevertError):
    """One usage record adds at most `maxCycles` cycles and `maxHours` hours.

    ``UsageTooLarge(uint256 partId, uint64 cycles, uint64 hours_, uint64 maxCycles, uint64 maxHours)``, declared by
    PartRecords.
    """

    signature = "UsageTooLarge(uint256,uint64,uint64,uint64,uint64)"


class WindingDownExceeded(ContractRevertError):
    """Winding-down orders contract `orders` would release or issue `amount` of `debtor`'s credit, more than the
    `reserved` it still holds of what it reserved for `debtor` itself (another contract's reservations for the debtor
    are not its to settle).

    ``WindingDownExceeded(address orders, address debtor, uint256 amount, uint256 reserved)``, declared by Receivables.
    """

    signature = "WindingDownExceeded(address,address,uint256,uint256)"


class WrongTerms(ContractRevertError):
    """The order's terms are not `expected`.

    ``WrongTerms(uint256 orderId, uint8 expected)``, declared by PurchaseOrders.
    """

    signature = "WrongTerms(uint256,uint8)"


class ZeroAmount(ContractRevertError):
    """An amount must be greater than zero.

    ``ZeroAmount()``, declared by PurchaseOrders, Receivables.
    """

    signature = "ZeroAmount()"


class ZeroLinePrice(ContractRevertError):
    """Line `index` of an order priced by line is priced zero: every line carries at least one smallest unit (as an
    order's price carries at least one per part, `PriceTooLow`).

    ``ZeroLinePrice(uint256 index)``, declared by PurchaseOrders.
    """

    signature = "ZeroLinePrice(uint256)"


# Every class above; partledger.decoding maps each selector to its class.
CONTRACT_ERRORS: Final[tuple[type[ContractRevertError], ...]] = (
    AccessControlBadConfirmation,
    AccessControlEnforcedDefaultAdminDelay,
    AccessControlEnforcedDefaultAdminRules,
    AccessControlInvalidDefaultAdmin,
    AccessControlUnauthorizedAccount,
    AccountBalanceOverflow,
    AdminDelayTooLong,
    AdminNotSuspended,
    AdvanceMismatch,
    AdvanceNotReceived,
    AlreadyFrozen,
    AlreadyProposed,
    ArbiterIsParty,
    AssemblyCycle,
    AssemblyNotEmpty,
    AssemblyOffered,
    AssemblyTooDeep,
    AssignmentOfferExpired,
    AuthorityHasStake,
    AuthorityIsTarget,
    BalanceQueryForZeroAddress,
    BatchAlreadyRecalled,
    BatchNotFound,
    BatchNotRecalled,
    BatchRecallImposedByRegulator,
    CannotOffboardAdmin,
    CertificateExists,
    ClaimChanged,
    ContainsFlaggedPart,
    CreditLineExceeded,
    CreditReservedInOtherToken,
    CustodyUnchanged,
    DeadlineNotInFuture,
    DeadlineNotPassed,
    DeadlinePassed,
    DeadlineTooFar,
    DuplicateChild,
    DuplicatePart,
    ERC1155InsufficientBalance,
    ERC1155InvalidApprover,
    ERC1155InvalidArrayLength,
    ERC1155InvalidOperator,
    ERC1155InvalidReceiver,
    ERC1155InvalidSender,
    ERC1155MissingApprovalForAll,
    EmptyCertificate,
    EmptyDelivery,
    EmptyIdentifier,
    EmptyInvoiceHash,
    EmptyParticipantName,
    EmptyUsage,
    EncumberedByOther,
    EnforcedPause,
    EtherNotAccepted,
    EventTimeInFuture,
    ExpectedPause,
    Expired,
    FeeOnTransferToken,
    IncompatibleRoles,
    IncorrectOwner,
    InsufficientUnits,
    InvalidAccountNonce,
    InvalidAssignmentExpiry,
    InvalidBatchSize,
    InvalidDebtor,
    InvalidDeliverer,
    InvalidFace,
    InvalidFinancier,
    InvalidFinancing,
    InvalidLifeLimit,
    InvalidLotProof,
    InvalidMaturity,
    InvalidMerkleRoot,
    InvalidOfferExpiry,
    InvalidOrderMaturity,
    InvalidOrders,
    InvalidPartCount,
    InvalidParticipant,
    InvalidParts,
    InvalidReceiver,
    InvalidRecords,
    InvalidSignature,
    InvalidSplit,
    InvalidTerms,
    InvalidToken,
    InvalidUsageCorrection,
    InvoiceAlreadyFinanced,
    LifeLimitAlreadyReached,
    LifeLimitAlreadySet,
    LifeLimitExceeded,
    LinePricesMismatch,
    LotRecalled,
    NoAssignmentOffer,
    NoOpenOffer,
    NotALot,
    NotASuiteContract,
    NotAnAuthority,
    NotArbiter,
    NotAuthorized,
    NotBatchManufacturerOrRegulator,
    NotBuyer,
    NotCreditor,
    NotDebtor,
    NotDeliverer,
    NotFinancing,
    NotFrozenByRegulator,
    NotLotHolder,
    NotManufacturerOrRegulator,
    NotOfferFinancier,
    NotOfferHolder,
    NotOfferRecipient,
    NotOrders,
    NotOwnerNorApproved,
    NotOwnerOrCustodian,
    NotPartOwner,
    NotParty,
    NotPayee,
    NotProposer,
    NotRepairStation,
    NotSeller,
    NothingOwed,
    NothingToRedeem,
    OfferDevalued,
    OfferExpired,
    OfferMakerNotApproved,
    OfferNotFound,
    OrderIsFrozen,
    OrderMatured,
    OrderNotAccepted,
    OrderNotDisputed,
    OrderNotFound,
    OrderNotOpen,
    OrderNotRefundable,
    Overpayment,
    PartAlreadyFinanced,
    PartAlreadyRegistered,
    PartAlreadySettled,
    PartEncumbered,
    PartFrozen,
    PartInAcceptedOrder,
    PartInAssembly,
    PartInstalled,
    PartNotEncumbered,
    PartNotFound,
    PartNotFrozen,
    PartNotInOrder,
    PartNotInstalled,
    PartNotOwnedByDebtor,
    PartNotOwnedBySeller,
    PartNotSuspect,
    PartRetired,
    PartStillDeliverable,
    PartSuspect,
    PartWithBuyer,
    ParticipantAlreadyRegistered,
    ParticipantNotRegistered,
    ParticipantNotSuspended,
    ParticipantSuspended,
    PartsAlreadyBound,
    PartsChangedSinceOpening,
    PauseUnauthorized,
    PriceNotReceived,
    PriceTooHigh,
    PriceTooLow,
    ProposalNotFound,
    RecallImposedByRegulator,
    ReceivableFrozen,
    ReceivableNotConfirmed,
    ReceivableNotFound,
    ReceivableNotPending,
    ReceivableSettled,
    ReentrancyGuardReentrantCall,
    RegulatorHasStake,
    RegulatorNeededForPathBack,
    ReservationExceeded,
    RoleNeedsTwoAuthorities,
    RulingWindowOpen,
    SafeCastOverflowedUintDowncast,
    SafeERC20FailedOperation,
    SameBuyerAndSeller,
    StaleCertificate,
    StationAlreadyAuthorised,
    StationNotAuthorised,
    TokenAlreadyExists,
    TokenDoesNotExist,
    TokenNotAllowed,
    TokenProbeFailed,
    TokenProbeUnfunded,
    TooManyParts,
    TransferFromIncorrectOwner,
    TransferToNonERC721ReceiverImplementer,
    TransferToZeroAddress,
    UnknownEvent,
    UnknownParticipantId,
    UnknownRole,
    UsageOverflow,
    UsageTooLarge,
    WindingDownExceeded,
    WrongTerms,
    ZeroAmount,
    ZeroLinePrice,
)
__all__ += [
    "AccessControlBadConfirmation",
    "AccessControlEnforcedDefaultAdminDelay",
    "AccessControlEnforcedDefaultAdminRules",
    "AccessControlInvalidDefaultAdmin",
    "AccessControlUnauthorizedAccount",
    "AccountBalanceOverflow",
    "AdminDelayTooLong",
    "AdminNotSuspended",
    "AdvanceMismatch",
    "AdvanceNotReceived",
    "AlreadyFrozen",
    "AlreadyProposed",
    "ArbiterIsParty",
    "AssemblyCycle",
    "AssemblyNotEmpty",
    "AssemblyOffered",
    "AssemblyTooDeep",
    "AssignmentOfferExpired",
    "AuthorityHasStake",
    "AuthorityIsTarget",
    "BalanceQueryForZeroAddress",
    "BatchAlreadyRecalled",
    "BatchNotFound",
    "BatchNotRecalled",
    "BatchRecallImposedByRegulator",
    "CannotOffboardAdmin",
    "CertificateExists",
    "ClaimChanged",
    "ContainsFlaggedPart",
    "CreditLineExceeded",
    "CreditReservedInOtherToken",
    "CustodyUnchanged",
    "DeadlineNotInFuture",
    "DeadlineNotPassed",
    "DeadlinePassed",
    "DeadlineTooFar",
    "DuplicateChild",
    "DuplicatePart",
    "ERC1155InsufficientBalance",
    "ERC1155InvalidApprover",
    "ERC1155InvalidArrayLength",
    "ERC1155InvalidOperator",
    "ERC1155InvalidReceiver",
    "ERC1155InvalidSender",
    "ERC1155MissingApprovalForAll",
    "EmptyCertificate",
    "EmptyDelivery",
    "EmptyIdentifier",
    "EmptyInvoiceHash",
    "EmptyParticipantName",
    "EmptyUsage",
    "EncumberedByOther",
    "EnforcedPause",
    "EtherNotAccepted",
    "EventTimeInFuture",
    "ExpectedPause",
    "Expired",
    "FeeOnTransferToken",
    "IncompatibleRoles",
    "IncorrectOwner",
    "InsufficientUnits",
    "InvalidAccountNonce",
    "InvalidAssignmentExpiry",
    "InvalidBatchSize",
    "InvalidDebtor",
    "InvalidDeliverer",
    "InvalidFace",
    "InvalidFinancier",
    "InvalidFinancing",
    "InvalidLifeLimit",
    "InvalidLotProof",
    "InvalidMaturity",
    "InvalidMerkleRoot",
    "InvalidOfferExpiry",
    "InvalidOrderMaturity",
    "InvalidOrders",
    "InvalidPartCount",
    "InvalidParticipant",
    "InvalidParts",
    "InvalidReceiver",
    "InvalidRecords",
    "InvalidSignature",
    "InvalidSplit",
    "InvalidTerms",
    "InvalidToken",
    "InvalidUsageCorrection",
    "InvoiceAlreadyFinanced",
    "LifeLimitAlreadyReached",
    "LifeLimitAlreadySet",
    "LifeLimitExceeded",
    "LinePricesMismatch",
    "LotRecalled",
    "NoAssignmentOffer",
    "NoOpenOffer",
    "NotALot",
    "NotASuiteContract",
    "NotAnAuthority",
    "NotArbiter",
    "NotAuthorized",
    "NotBatchManufacturerOrRegulator",
    "NotBuyer",
    "NotCreditor",
    "NotDebtor",
    "NotDeliverer",
    "NotFinancing",
    "NotFrozenByRegulator",
    "NotLotHolder",
    "NotManufacturerOrRegulator",
    "NotOfferFinancier",
    "NotOfferHolder",
    "NotOfferRecipient",
    "NotOrders",
    "NotOwnerNorApproved",
    "NotOwnerOrCustodian",
    "NotPartOwner",
    "NotParty",
    "NotPayee",
    "NotProposer",
    "NotRepairStation",
    "NotSeller",
    "NothingOwed",
    "NothingToRedeem",
    "OfferDevalued",
    "OfferExpired",
    "OfferMakerNotApproved",
    "OfferNotFound",
    "OrderIsFrozen",
    "OrderMatured",
    "OrderNotAccepted",
    "OrderNotDisputed",
    "OrderNotFound",
    "OrderNotOpen",
    "OrderNotRefundable",
    "Overpayment",
    "PartAlreadyFinanced",
    "PartAlreadyRegistered",
    "PartAlreadySettled",
    "PartEncumbered",
    "PartFrozen",
    "PartInAcceptedOrder",
    "PartInAssembly",
    "PartInstalled",
    "PartNotEncumbered",
    "PartNotFound",
    "PartNotFrozen",
    "PartNotInOrder",
    "PartNotInstalled",
    "PartNotOwnedByDebtor",
    "PartNotOwnedBySeller",
    "PartNotSuspect",
    "PartRetired",
    "PartStillDeliverable",
    "PartSuspect",
    "PartWithBuyer",
    "ParticipantAlreadyRegistered",
    "ParticipantNotRegistered",
    "ParticipantNotSuspended",
    "ParticipantSuspended",
    "PartsAlreadyBound",
    "PartsChangedSinceOpening",
    "PauseUnauthorized",
    "PriceNotReceived",
    "PriceTooHigh",
    "PriceTooLow",
    "ProposalNotFound",
    "RecallImposedByRegulator",
    "ReceivableFrozen",
    "ReceivableNotConfirmed",
    "ReceivableNotFound",
    "ReceivableNotPending",
    "ReceivableSettled",
    "ReentrancyGuardReentrantCall",
    "RegulatorHasStake",
    "RegulatorNeededForPathBack",
    "ReservationExceeded",
    "RoleNeedsTwoAuthorities",
    "RulingWindowOpen",
    "SafeCastOverflowedUintDowncast",
    "SafeERC20FailedOperation",
    "SameBuyerAndSeller",
    "StaleCertificate",
    "StationAlreadyAuthorised",
    "StationNotAuthorised",
    "TokenAlreadyExists",
    "TokenDoesNotExist",
    "TokenNotAllowed",
    "TokenProbeFailed",
    "TokenProbeUnfunded",
    "TooManyParts",
    "TransferFromIncorrectOwner",
    "TransferToNonERC721ReceiverImplementer",
    "TransferToZeroAddress",
    "UnknownEvent",
    "UnknownParticipantId",
    "UnknownRole",
    "UsageOverflow",
    "UsageTooLarge",
    "WindingDownExceeded",
    "WrongTerms",
    "ZeroAmount",
    "ZeroLinePrice",
]
# END GENERATED

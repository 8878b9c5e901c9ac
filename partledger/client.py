"""The client: one object per deployed suite, its typed contracts and the local key that signs.

>>> from partledger import Client
>>> client = Client.connect("http://127.0.0.1:8545", private_key=key)        # doctest: +SKIP
>>> receipt = client.parts.register_part(to_bytes32("PN-100"), to_bytes32("SN-1"), bytes(32))  # doctest: +SKIP
>>> pid = client.part_id(client.address, "PN-100", "SN-1")                    # doctest: +SKIP
>>> client.verify(pid).status                                                 # doctest: +SKIP
<PartStatus.InService: 1>

Part ids and flags need no node:

>>> hex(Client.part_id("0x" + "11" * 20, "PN-100", "SN-1"))[:10]
'0x435d27af'
>>> PartFlags(0b1001)
<PartFlags.SUSPECT|INSTALLED: 9>

``Client.from_env()`` reads the node, the manifest and the key from the environment (never from
the command line): PARTLEDGER_RPC_URL, PARTLEDGER_MANIFEST or PARTLEDGER_DEPLOYMENTS, and
PARTLEDGER_PRIVATE_KEY (else PRIVATE_KEY). Without a key the client is read-only: views work,
writes raise :class:`~partledger.exceptions.NoSigner`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum, IntFlag
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_typing import ChecksumAddress
from eth_utils import to_checksum_address
from web3 import Web3
from web3.contract.contract import ContractFunction
from web3.types import RPCEndpoint

from partledger import enums, ids, signing
from partledger._bindings import Call
from partledger.contracts import (
    ParticipantRegistry,
    PartRecords,
    PartRegistry,
    PurchaseOrders,
    Receivables,
    TestStablecoin,
)
from partledger.exceptions import BadPrivateKey, NoSigner
from partledger.manifest import DEFAULT_DIRECTORY, ENV_DIRECTORY, ENV_MANIFEST, Deployment
from partledger.tx import NonceManager, PendingTransaction, Receipt, Sender

if TYPE_CHECKING:
    from partledger.bulk import Bulk
    from partledger.finance import FinanceReader
    from partledger.provenance import AssemblyNode, PartHistory, ProvenanceReader

__all__ = [
    "DEFAULT_RPC_URL",
    "ENV_PRIVATE_KEY",
    "ENV_RPC_URL",
    "Client",
    "PartFlags",
    "PartVerification",
    "SignedTransfer",
    "web3_for",
]

DEFAULT_RPC_URL = "http://127.0.0.1:8545"
ENV_RPC_URL = "PARTLEDGER_RPC_URL"
ENV_PRIVATE_KEY = "PARTLEDGER_PRIVATE_KEY"
ENV_PRIVATE_KEY_FALLBACK = "PRIVATE_KEY"  # what scripts/deploy.py reads on a live network
DEFAULT_ORDER_LIFETIME = 3600  # seconds a signed transfer order stays valid unless told otherwise


class PartFlags(IntFlag):
    """A part's flags (PartRegistry.flagsOf, PartInfo.flags): contracts/libraries/PartData.sol."""

    SUSPECT = 1 << 0  # recalled on its own (a batch recall is not a flag of the part)
    RETIRED = 1 << 1
    FROZEN = 1 << 2
    INSTALLED = 1 << 3
    HAS_OFFER = 1 << 4
    HAS_CUSTODIAN = 1 << 5
    ENCUMBERED = 1 << 6
    REGULATOR_RECALL = 1 << 7  # the part's own recall was imposed by a regulator
    FLAGGED_BELOW = 1 << 8  # a part installed below it is frozen or recalled on its own: it does not move


@dataclass(frozen=True)
class PartVerification:
    """What an inspector asks of a part (PartRegistry.verifyPart): is it genuine, who made it,
    who owns it (the owner of its root assembly), its status, its flags and where it is
    installed. A part the registry never saw is not genuine, with status NotRegistered."""

    part_id: int
    genuine: bool
    status: IntEnum  # partledger.enums.PartStatus
    manufacturer: ChecksumAddress | None
    owner: ChecksumAddress | None
    custodian: ChecksumAddress | None
    installed_in: int | None  # the assembly it is installed in (its parent)
    root: int | None  # the top of its assembly tree (itself when not installed)
    batch_id: int | None
    flags: PartFlags

    @property
    def in_service(self) -> bool:
        """Genuine and in service (not frozen, suspect or retired)."""
        return self.genuine and self.status == enums.PartStatus["InService"]

    @property
    def contains_flagged_part(self) -> bool:
        """A part installed below it (at any depth) is frozen or recalled on its own: the
        registry reports it Suspect and refuses every transfer but a forced one
        (TransferCode.ContainsFlaggedPart) until that part is unfrozen, cleared or removed."""
        return bool(self.flags & PartFlags.FLAGGED_BELOW)


@dataclass(frozen=True)
class SignedTransfer:
    """An EIP-712 transfer order signed off chain: anyone may submit it with
    :meth:`Client.transfer_by_signature` before `deadline`."""

    part_id: int
    owner: ChecksumAddress
    to: ChecksumAddress
    nonce: int
    deadline: int
    signature: bytes


def web3_for(rpc_url: str) -> Web3:
    """A web3 instance on `rpc_url` (HTTP) that asks the node its chain id once: web3's request
    validation otherwise asks it again before every call and transaction (3 requests, not 1)."""
    provider = Web3.HTTPProvider(rpc_url, cache_allowed_requests=True, cacheable_requests={RPCEndpoint("eth_chainId")})
    return Web3(provider)


def local_account(key: LocalAccount | str | bytes | None) -> LocalAccount | None:
    """`key` as an eth-account LocalAccount (None stays None); BadPrivateKey, which never
    repeats the key, when it is not one."""
    if key is None or not isinstance(key, (str, bytes)):
        return key
    try:
        account: LocalAccount = Account.from_key(key)
    except (ValueError, TypeError) as exc:  # binascii.Error is a ValueError
        raise BadPrivateKey(_key_reason(exc)) from None
    return account


def _key_reason(exc: Exception) -> str:
    """Why eth-account refused a key, in words that cannot echo the key."""
    text = str(exc)
    length = re.search(r"instead of (\d+) bytes", text)
    if length:
        return f"it is {length.group(1)} bytes long"
    if "hexadecimal" in text.lower():
        return "it has a character that is not a hex digit"
    return "it is outside the range of secp256k1 keys"


def _address_or_none(value: str) -> ChecksumAddress | None:
    return None if int(value, 16) == 0 else to_checksum_address(value)


class Client:
    """One deployed PartLedger suite, seen through one node and (optionally) one local key.

    `account`: an eth-account LocalAccount or a private key; None for a read-only client.
    `sender_options` go to :class:`~partledger.tx.Sender` (gas_margin, priority_fee, ...).

    Attributes: ``w3``, ``deployment`` (:class:`~partledger.manifest.Deployment`), ``account``
    (eth-account LocalAccount or None), ``address``, ``nonces`` (the one
    :class:`~partledger.tx.NonceManager` of this client's key: bulk senders share it),
    ``sender`` (:class:`~partledger.tx.Sender`), and the typed contracts ``participants``,
    ``parts``, ``records``, ``orders``, ``receivables`` and ``stablecoin`` (None when the
    manifest has no TestStablecoin).
    """

    def __init__(
        self,
        w3: Web3,
        deployment: Deployment,
        account: LocalAccount | str | bytes | None = None,
        *,
        confirmations: int = 0,
        timeout: float = 120.0,
        **sender_options: Any,
    ) -> None:
        self.w3 = w3
        self.deployment = deployment
        self.account: LocalAccount | None = local_account(account)  # a private key, checked
        account = self.account
        self.address: ChecksumAddress | None = None if account is None else to_checksum_address(account.address)
        self.nonces: NonceManager | None = None if self.address is None else NonceManager(w3, self.address)
        self.sender = Sender(
            w3,
            account,
            contracts={name: (entry.address, entry.abi) for name, entry in deployment.entries.items()},
            nonces=self.nonces,
            timeout=timeout,
            confirmations=confirmations,
            **sender_options,
        )
        bind = self.sender, self.sender.abis
        self.participants = ParticipantRegistry(w3, deployment.address("ParticipantRegistry"), *bind)
        self.parts = PartRegistry(w3, deployment.address("PartRegistry"), *bind)
        self.records = PartRecords(w3, deployment.address("PartRecords"), *bind)
        self.orders = PurchaseOrders(w3, deployment.address("PurchaseOrders"), *bind)
        self.receivables = Receivables(w3, deployment.address("Receivables"), *bind)
        self.stablecoin: TestStablecoin | None = None
        if "TestStablecoin" in deployment:
            self.stablecoin = TestStablecoin(w3, deployment.address("TestStablecoin"), *bind)
        self._provenance: ProvenanceReader | None = None
        self._finance: FinanceReader | None = None

    def __repr__(self) -> str:
        who = self.address or "read-only"
        return f"<Client chain {self.deployment.chain_id} {self.deployment.path} {who}>"

    # ------------------------------------------------------------ construction

    @classmethod
    def connect(
        cls,
        rpc_url_or_w3: str | Web3,
        *,
        manifest: str | os.PathLike[str] | None = None,
        deployments_dir: str | os.PathLike[str] | None = None,
        private_key: str | bytes | None = None,
        confirmations: int = 0,
        timeout: float = 120.0,
        check: bool = True,
        **sender_options: Any,
    ) -> Client:
        """A client of the suite in `manifest` (a deployments/<chainId>.json file), else in
        ``<deployments_dir>/<chainId>.json`` for the node's chain (`deployments_dir` defaults to
        ./deployments). With `check` the manifest is checked against the node (chain id, deploy
        block hashes, code): see :meth:`Deployment.load`. `private_key` signs the writes."""
        account = local_account(private_key)  # a bad key: BadPrivateKey before the node is asked
        w3 = rpc_url_or_w3 if isinstance(rpc_url_or_w3, Web3) else web3_for(rpc_url_or_w3)
        if manifest is not None:
            where: int | str | os.PathLike[str] = manifest
        else:
            where = int(w3.eth.chain_id)
            deployments_dir = deployments_dir or Path.cwd() / DEFAULT_DIRECTORY
        deployment = Deployment.load(
            w3, where, directory=deployments_dir, check_chain=check, check_blocks=check, check_code=check
        )
        return cls(w3, deployment, account, confirmations=confirmations, timeout=timeout, **sender_options)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **options: Any) -> Client:
        """:meth:`connect` configured by the environment: PARTLEDGER_RPC_URL (default
        http://127.0.0.1:8545), PARTLEDGER_MANIFEST (a manifest file) or PARTLEDGER_DEPLOYMENTS
        (a folder of <chainId>.json), PARTLEDGER_PRIVATE_KEY (else PRIVATE_KEY; neither: a
        read-only client). `options` go to :meth:`connect`."""
        env = os.environ if environ is None else environ
        key = (env.get(ENV_PRIVATE_KEY) or env.get(ENV_PRIVATE_KEY_FALLBACK) or "").strip() or None
        return cls.connect(
            env.get(ENV_RPC_URL) or DEFAULT_RPC_URL,
            manifest=env.get(ENV_MANIFEST) or None,
            deployments_dir=env.get(ENV_DIRECTORY) or None,
            private_key=key,
            **options,
        )

    # ------------------------------------------------------------ sending

    @overload
    def send(
        self,
        fn: Call | ContractFunction,
        *,
        value: int | None = ...,
        gas: int | None = ...,
        wait: Literal[True] = ...,
    ) -> Receipt: ...
    @overload
    def send(
        self, fn: Call | ContractFunction, *, value: int | None = ..., gas: int | None = ..., wait: Literal[False]
    ) -> PendingTransaction: ...
    def send(
        self, fn: Call | ContractFunction, *, value: int | None = None, gas: int | None = None, wait: bool = True
    ) -> Receipt | PendingTransaction:
        """Sign and send a built call: a :class:`~partledger._bindings.Call`
        (``client.parts.build("registerPart", ...)``) or a web3 ContractFunction
        (``client.deployment["PartRegistry"].functions.registerPart(...)``). Returns the Receipt,
        or with ``wait=False`` a PendingTransaction."""
        if self.account is None:
            raise NoSigner(f"send({getattr(fn, 'function', None) or getattr(fn, 'fn_name', 'a call')})")
        if isinstance(fn, Call):
            to, data, default_value = fn.to, fn.data, fn.value
        else:
            to, data, default_value = fn.address, bytes.fromhex(fn._encode_transaction_data()[2:]), 0
        amount = default_value if value is None else value
        return self.sender.send(to, data, value=amount, gas=gas, wait=wait)

    def wait(self, tx_hash: str | bytes, *, timeout: float | None = None, confirmations: int | None = None) -> Receipt:
        """The Receipt of `tx_hash` once mined (and `confirmations` blocks deep; default: the
        client's): :meth:`partledger.tx.Sender.wait`."""
        return self.sender.wait(tx_hash, timeout=timeout, confirmations=confirmations)

    # ------------------------------------------------------------ what integrators ask most

    @staticmethod
    def part_id(manufacturer: str, part_number: ids.Bytes32Like, serial_number: ids.Bytes32Like) -> int:
        """The id PartRegistry gives a part registered on its own or in a batch
        (:func:`partledger.ids.part_id`)."""
        return ids.part_id(manufacturer, part_number, serial_number)

    def verify(self, part_id: int) -> PartVerification:
        """Is the part genuine, who made and owns it, its status, flags and where it is installed."""
        info = self.parts.verify_part(part_id)
        genuine = info.genuine
        return PartVerification(
            part_id=info.part_id,
            genuine=genuine,
            status=info.status,
            manufacturer=_address_or_none(info.manufacturer),
            owner=_address_or_none(info.owner),
            custodian=_address_or_none(info.custodian),
            installed_in=info.parent or None,
            root=info.root if genuine else None,
            batch_id=info.batch_id or None,
            flags=PartFlags(info.flags),
        )

    def transfer_domain(self) -> dict[str, Any]:
        """The EIP-712 domain of PartRegistry's signed transfers (read from its ERC-5267
        ``eip712Domain()``: bound to this chain and this contract)."""
        domain = self.parts.eip712_domain()
        return signing.domain_from_eip5267(
            (
                domain.fields,
                domain.name,
                domain.version,
                domain.chain_id,
                domain.verifying_contract,
                domain.salt,
                domain.extensions,
            )
        )

    def sign_transfer(
        self,
        part_id: int,
        to: str,
        *,
        deadline: int | None = None,
        nonce: int | None = None,
        owner: str | None = None,
    ) -> SignedTransfer:
        """Sign, with this client's key, an order moving `part_id` from `owner` (default: this
        client's account, the part's owner) to `to`, valid until `deadline` (unix seconds;
        default an hour after the latest block) with `owner`'s current transfer nonce. Nothing is sent: anyone
        may submit it with :meth:`transfer_by_signature`. For a contract wallet (ERC-1271) pass
        the wallet as `owner`."""
        if self.account is None:
            raise NoSigner("sign_transfer")
        signer = to_checksum_address(owner or self.account.address)
        nonce = self.parts.nonces(signer) if nonce is None else nonce
        if deadline is None:  # the chain's clock, not this machine's: the contract compares with it
            deadline = int(self.w3.eth.get_block("latest")["timestamp"]) + DEFAULT_ORDER_LIFETIME
        signature = signing.sign_transfer(
            self.account.key,
            self.transfer_domain(),
            part_id=part_id,
            to=to,
            nonce=nonce,
            deadline=deadline,
            owner=signer,
        )
        return SignedTransfer(int(part_id), signer, to_checksum_address(to), int(nonce), int(deadline), signature)

    @overload
    def transfer_by_signature(
        self, order: SignedTransfer, *, gas: int | None = ..., wait: Literal[True] = ...
    ) -> Receipt: ...
    @overload
    def transfer_by_signature(
        self, order: SignedTransfer, *, gas: int | None = ..., wait: Literal[False]
    ) -> PendingTransaction: ...
    def transfer_by_signature(
        self, order: SignedTransfer, *, gas: int | None = None, wait: bool = True
    ) -> Receipt | PendingTransaction:
        """Submit a signed transfer order (this client pays the gas; it need not be the owner)."""
        return self.parts.transfer_by_signature(
            order.part_id, order.to, order.nonce, order.deadline, order.signature, gas=gas, wait=wait
        )

    # ------------------------------------------------------------ bulk mode

    def bulk(self, **options: Any) -> Bulk:
        """Bulk mode for this client's key (:class:`~partledger.bulk.Bulk`): thousands of
        registrations, transfers or installations pipelined, resumable from the chain. It shares
        this client's NonceManager, so single sends and bulk runs in one process never collide.
        `options` go to :class:`~partledger.bulk.Bulk` (chunk_size, progress, window, ...)."""
        if self.account is None or self.nonces is None:
            raise NoSigner("bulk mode")
        from partledger.bulk import Bulk

        return Bulk(self.w3, self.deployment, self.account, self.nonces, **options)

    # ------------------------------------------------------------ histories

    @property
    def provenance(self) -> ProvenanceReader:
        """The provenance reader of this deployment (one per client, kept: each query reads only
        the blocks added since the last). Its logs live in the history index
        (:mod:`partledger.provenance.index`) unless PARTLEDGER_INDEX=off."""
        if self._provenance is None:
            self._provenance = self.deployment.provenance()
        return self._provenance

    @property
    def finance(self) -> FinanceReader:
        """The purchase-order and receivable histories of this deployment (kept like :attr:`provenance`)."""
        if self._finance is None:
            self._finance = self.deployment.finance()
        return self._finance

    def history(self, part_id: int) -> PartHistory:
        """The back-to-birth history of `part_id` from the logs (raises
        :class:`~partledger.exceptions.UnknownPart` when no log names it)."""
        return self.provenance.history(part_id)

    def tree(self, part_id: int) -> AssemblyNode:
        """The parts installed (now) below `part_id`, recursively, from the logs."""
        return self.provenance.assembly(part_id)

"""Helpers shared by the ownership-transfer tests (test_transfers, test_handover, test_custody,
test_signed_transfer, test_forced, test_freeze_blocks_transfers). Not a test module.

- `err(name, *args)`: a custom error as brownie decodes it ("Name: arg1, arg2"), for
  `brownie.reverts(...)`: addresses lower-case hex, integers in decimal, bytes32 as Python bytes.
- `events(tx, name)`: every `name` event of a transaction as plain dicts.
- `sign_transfer(...)`: an EIP-712 `Transfer` order signed with eth-account.
- `new_key_account(label)`: a deterministic local account whose private key the test knows
  (the accounts of a dev node do not expose theirs).
"""

from __future__ import annotations

from brownie import ZERO_ADDRESS, accounts, web3
from eth_account import Account
from eth_account.messages import encode_typed_data

NO_HASH = b"\x00" * 32

# IPartRegistry.TransferCode, in declaration order (the value canTransfer returns).
TRANSFER_CODES = (
    "Ok",
    "SuitePaused",
    "OperatorSuspended",
    "SenderNotRegistered",
    "SenderSuspended",
    "ReceiverNotRegistered",
    "ReceiverSuspended",
    "PartNotFound",
    "NotOwner",
    "InvalidReceiver",
    "PartRetired",
    "PartInstalled",
    "PartFrozen",
    "PartSuspect",
    "PartEncumbered",
)
CODE = {name: value for value, name in enumerate(TRANSFER_CODES)}

# PartData flags.
SUSPECT, RETIRED, FROZEN, INSTALLED, HAS_OFFER, HAS_CUSTODIAN = 1, 2, 4, 8, 16, 32
# IPartRegistry.PartStatus.
NOT_REGISTERED, IN_SERVICE, FROZEN_STATUS, SUSPECT_STATUS, RETIRED_STATUS = range(5)

TRANSFER_TYPES = {
    "Transfer": [
        {"name": "partId", "type": "uint256"},
        {"name": "to", "type": "address"},
        {"name": "nonce", "type": "uint256"},
        {"name": "deadline", "type": "uint256"},
    ]
}


def _fmt(value) -> str:
    if hasattr(value, "address"):  # brownie Account / Contract
        return str(value.address).lower()
    if isinstance(value, str):
        return value.lower() if value.startswith("0x") and len(value) == 42 else value
    if isinstance(value, (bytes, bytearray)):
        return str(bytes(value))
    return str(value)


def err(name: str, *args) -> str:
    """The revert string brownie gives for custom error `name(args...)`."""
    return f"{name}: " + ", ".join(_fmt(a) for a in args)


def addr(value) -> str:
    return str(value.address) if hasattr(value, "address") else web3.to_checksum_address(value)


def events(tx, name: str) -> list[dict]:
    """The `name` events of `tx` as dicts (empty list when none)."""
    if name not in tx.events:
        return []
    return [dict(e) for e in tx.events[name]]


def event_names(tx) -> list[str]:
    return [e.name for e in tx.events]


def latest_timestamp() -> int:
    return web3.eth.get_block("latest").timestamp


def new_key_account(label: str, funder=None):
    """A local account with a known private key (derived from `label`), funded by `funder`."""
    account = accounts.add(web3.keccak(text=f"partledger-h2/{label}"))
    if funder is not None and account.balance() < 10**18:
        funder.transfer(account, 10**18)
    return account


def domain_of(parts, chain_id=None, verifying_contract=None) -> dict:
    """The EIP-712 domain read from the contract's `eip712Domain()` (ERC-5267)."""
    _fields, name, version, chain, contract, _salt, _extensions = parts.eip712Domain()
    return {
        "name": name,
        "version": version,
        "chainId": int(chain if chain_id is None else chain_id),
        "verifyingContract": addr(contract if verifying_contract is None else verifying_contract),
    }


def sign_transfer(parts, private_key, part_id, to, nonce, deadline, *, chain_id=None, verifying_contract=None):
    """Signs Transfer(partId, to, nonce, deadline) for `parts` (or a tampered domain)."""
    message = {"partId": int(part_id), "to": addr(to), "nonce": int(nonce), "deadline": int(deadline)}
    signable = encode_typed_data(
        domain_data=domain_of(parts, chain_id, verifying_contract),
        message_types=TRANSFER_TYPES,
        message_data=message,
    )
    return bytes(Account.sign_message(signable, private_key).signature)


def key_of(account) -> bytes:
    """The private key of a local account (brownie keeps it as a hex string)."""
    return bytes.fromhex(str(account.private_key).removeprefix("0x"))


__all__ = [
    "ZERO_ADDRESS",
    "NO_HASH",
    "TRANSFER_CODES",
    "CODE",
    "err",
    "addr",
    "events",
    "event_names",
    "latest_timestamp",
    "new_key_account",
    "domain_of",
    "sign_transfer",
    "key_of",
    "hx",
]


def hx(value) -> str:
    """bytes32 as the 0x-hex string brownie returns for event and call values."""
    return "0x" + bytes(value).hex()

"""EIP-712 signed transfer orders for PartRegistry.transferBySignature.

The domain is read from the contract's ERC-5267 `eip712Domain()`, so the signature is bound to
that chain and that contract exactly as `eth_account.messages.encode_typed_data` encodes it.
The order names the part's owner: it is valid only while that account owns the part, so an
order signed for an EOA never works for a contract wallet that accepts the same key.

>>> domain = {"name": "PartLedger", "version": "1", "chainId": 1,
...           "verifyingContract": "0x" + "22" * 20}
>>> order = transfer_order(domain, part_id=7, owner="0x" + "11" * 20, to="0x" + "33" * 20,
...                        nonce=0, deadline=2**32)
>>> order["primaryType"], list(order["message"])
('Transfer', ['partId', 'owner', 'to', 'nonce', 'deadline'])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import to_checksum_address

# PartRegistry.TRANSFER_TYPEHASH:
# Transfer(uint256 partId,address owner,address to,uint256 nonce,uint256 deadline)
TRANSFER_TYPE = [
    {"name": "partId", "type": "uint256"},
    {"name": "owner", "type": "address"},
    {"name": "to", "type": "address"},
    {"name": "nonce", "type": "uint256"},
    {"name": "deadline", "type": "uint256"},
]

_DOMAIN_FIELDS = (  # ERC-5267 field bits, in order
    ("name", "string"),
    ("version", "string"),
    ("chainId", "uint256"),
    ("verifyingContract", "address"),
    ("salt", "bytes32"),
)


def domain_from_eip5267(result: Sequence[Any]) -> dict[str, Any]:
    """The EIP-712 domain from `eip712Domain()`'s return values
    (fields, name, version, chainId, verifyingContract, salt, extensions)."""
    fields, name, version, chain_id, verifying_contract, salt, _extensions = result
    fields = int.from_bytes(fields, "big") if isinstance(fields, (bytes, bytearray)) else int(str(fields), 0)
    values = {
        "name": name,
        "version": version,
        "chainId": int(chain_id),
        "verifyingContract": to_checksum_address(str(verifying_contract)),
        "salt": salt,
    }
    return {key: values[key] for bit, (key, _t) in enumerate(_DOMAIN_FIELDS) if fields >> bit & 1}


def transfer_order(
    domain: dict[str, Any], *, part_id: int, owner: str, to: str, nonce: int, deadline: int
) -> dict[str, Any]:
    """The full EIP-712 typed-data document of one transfer order: `owner` (the part's owner
    when the order is executed) moves `part_id` to `to`, with `owner`'s `nonce`, until `deadline`."""
    domain_types = [{"name": k, "type": t} for k, t in _DOMAIN_FIELDS if k in domain]
    message = {
        "partId": int(part_id),
        "owner": to_checksum_address(str(owner)),
        "to": to_checksum_address(str(to)),
        "nonce": int(nonce),
        "deadline": int(deadline),
    }
    return {
        "types": {"EIP712Domain": domain_types, "Transfer": TRANSFER_TYPE},
        "primaryType": "Transfer",
        "domain": domain,
        "message": message,
    }


def sign_transfer(
    private_key: str | bytes,
    domain: dict[str, Any],
    *,
    part_id: int,
    to: str,
    nonce: int,
    deadline: int,
    owner: str | None = None,
) -> bytes:
    """The 65-byte signature over a transfer order, ready for transferBySignature.

    `owner` is the part's owner, whose nonce the order uses; it defaults to the key's own
    address (an EOA signing for itself). For a contract wallet (ERC-1271) pass the wallet's
    address and sign with the key the wallet accepts.
    """
    if owner is None:
        owner = Account.from_key(private_key).address
    order = transfer_order(domain, part_id=part_id, owner=owner, to=to, nonce=nonce, deadline=deadline)
    return bytes(Account.sign_message(encode_typed_data(full_message=order), private_key).signature)

"""The ERC-721 surface PartRegistry inherits from Solady: no function keeps ether, a missing part
is PartNotFound(partId) everywhere, and ERC-165 claims only what the registry implements."""

import brownie
import pytest
from brownie import ZERO_ADDRESS, web3
from eth_utils import keccak

from helpers import b32, err, events

# Solady declares these payable; the registry must refuse ether in each of them.
PAYABLE = {
    "approve(address,uint256)",
    "transferFrom(address,address,uint256)",
    "safeTransferFrom(address,address,uint256)",
    "safeTransferFrom(address,address,uint256,bytes)",
}


def signature(entry: dict) -> str:
    return f"{entry['name']}({','.join(i['type'] for i in entry['inputs'])})"


def call_with_value(parts, entry: str, owner, to, pid, value: int):
    tx = {"from": owner, "value": value}
    if entry.startswith("approve"):
        return parts.approve(to, pid, tx)
    if entry.startswith("transferFrom"):
        return parts.transferFrom(owner, to, pid, tx)
    if entry.endswith("bytes)"):
        return parts.safeTransferFrom["address,address,uint256,bytes"](owner, to, pid, b"wo-1", tx)
    return parts.safeTransferFrom["address,address,uint256"](owner, to, pid, tx)


def test_only_the_four_erc721_entry_points_are_payable_in_the_abi(parts):
    payable = {signature(e) for e in parts.abi if e.get("stateMutability") == "payable"}
    assert payable == PAYABLE
    assert not [e for e in parts.abi if e["type"] in ("receive", "fallback")]


@pytest.mark.parametrize("entry", sorted(PAYABLE))
@pytest.mark.parametrize("value", [1, 10**18])
def test_each_payable_erc721_entry_point_refuses_ether(parts, maker, airline, register, entry, value):
    pid = register("SN-ETH")
    with brownie.reverts(err("EtherNotAccepted", value)):
        call_with_value(parts, entry, maker, airline, pid, value)
    assert web3.eth.get_balance(parts.address) == 0
    assert parts.ownerOf(pid) == maker and parts.getApproved(pid) == ZERO_ADDRESS
    # the same call without ether goes through
    tx = call_with_value(parts, entry, maker, airline, pid, 0)
    assert events(tx, "Approval" if entry.startswith("approve") else "Transfer")


def test_plain_ether_sent_to_the_registry_bounces(parts, maker):
    with brownie.reverts():
        maker.transfer(parts, 1)
    assert web3.eth.get_balance(parts.address) == 0


def test_a_missing_part_is_part_not_found_in_every_erc721_function(parts, maker, airline):
    unknown = parts.partIdOf(maker, b32("PN-100"), b32("NEVER-MADE"))
    for view in (parts.ownerOf, parts.getApproved, parts.tokenURI):
        with brownie.reverts(err("PartNotFound", unknown)):
            view(unknown)
    with brownie.reverts(err("PartNotFound", unknown)):
        parts.approve(airline, unknown, {"from": maker})
    with brownie.reverts(err("PartNotFound", unknown)):
        parts.transferFrom(maker, airline, unknown, {"from": maker})


def interface_id(*signatures: str) -> str:
    """ERC-165: the XOR of the functions' selectors."""
    value = 0
    for sig in signatures:
        value ^= int.from_bytes(keccak(text=sig)[:4], "big")
    return "0x" + value.to_bytes(4, "big").hex()


ERC165 = interface_id("supportsInterface(bytes4)")
ERC721 = interface_id(
    "balanceOf(address)", "ownerOf(uint256)", "safeTransferFrom(address,address,uint256,bytes)",
    "safeTransferFrom(address,address,uint256)", "transferFrom(address,address,uint256)",
    "approve(address,uint256)", "setApprovalForAll(address,bool)", "getApproved(uint256)",
    "isApprovedForAll(address,address)",
)
ERC721_METADATA = interface_id("name()", "symbol()", "tokenURI(uint256)")


def test_erc165_claims_erc721_and_not_the_metadata_interface(parts, register):
    """Parts carry no URI (their documents are hashes in events and records), so the registry
    does not claim ERC721Metadata; tokenURI answers "" for a registered part."""
    assert (ERC165, ERC721, ERC721_METADATA) == ("0x01ffc9a7", "0x80ac58cd", "0x5b5e139f")  # EIP-165/721
    assert parts.supportsInterface(ERC165) is True
    assert parts.supportsInterface(ERC721) is True
    assert parts.supportsInterface(ERC721_METADATA) is False
    assert parts.supportsInterface("0xffffffff") is False  # EIP-165: must be false
    assert parts.tokenURI(register("SN-URI")) == ""

"""EIP-712 signed transfer orders: signed off chain with eth-account, submitted by a relayer;
replay protection (OZ Nonces), deadlines, domain binding, the owner named in the order, ERC-1271
contract wallets, and partledger.signing checked against plain eth-account."""

import brownie
import pytest
from brownie import DigestWallet, MockERC1271Wallet, chain, web3
from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import keccak

from helpers import (
    HOUR,
    ZERO32,
    b32,
    err,
    events,
    key_of,
    latest_timestamp,
    new_key_account,
    onboard,
    register_part,
    signed_order,
)
from partledger import signing
from scripts.deploy import deploy_suite


@pytest.fixture(scope="module")
def signer(keyed):
    """The conftest participant whose private key the tests hold (funded: it calls useNonce)."""
    return keyed


@pytest.fixture(scope="module")
def stranger_key():
    """A key that owns nothing."""
    return key_of(new_key_account("signed-stranger"))


@pytest.fixture
def owned(parts, maker, signer, register):
    """A part the keyed signer owns."""
    pid = register("SN-SIG")
    parts.transferFrom(maker, signer, pid, {"from": maker})
    return pid


def test_the_domain_and_type_hash_are_the_documented_ones(parts):
    fields, name, version, chain_id, contract, salt, extensions = parts.eip712Domain()
    assert int(str(fields), 16) == 0x0F  # name, version, chainId, verifyingContract
    assert (name, version) == ("PartLedger", "1")
    assert chain_id == chain.id
    assert contract == parts.address
    assert salt == "0x" + "00" * 32 and list(extensions) == []
    assert parts.TRANSFER_TYPEHASH() == web3.keccak(
        text="Transfer(uint256 partId,address owner,address to,uint256 nonce,uint256 deadline)"
    ).to_0x_hex()


def test_a_relayer_submits_an_order_the_owner_signed(parts, signer, airline, broker, owned):
    assert parts.nonces(signer) == 0
    pid, to, nonce, deadline, signature = signed_order(parts, key_of(signer), owned, airline)
    tx = parts.transferBySignature(pid, to, nonce, deadline, signature, {"from": broker})
    assert events(tx, "SignedTransferExecuted") == [
        {"partId": pid, "from": signer, "to": airline, "nonce": 0, "relayer": broker}
    ]
    assert events(tx, "Transfer") == [{"from": signer, "to": airline, "id": pid}]
    assert parts.ownerOf(pid) == airline
    assert parts.nonces(signer) == 1


@pytest.mark.parametrize("relayer", ["outsider", "recipient"])
def test_any_account_may_relay_even_the_recipient_or_a_non_participant(parts, signer, airline, outsider, owned, relayer):
    sender = outsider if relayer == "outsider" else airline
    pid, to, nonce, deadline, signature = signed_order(parts, key_of(signer), owned, airline)
    tx = parts.transferBySignature(pid, to, nonce, deadline, signature, {"from": sender})
    assert events(tx, "SignedTransferExecuted") == [
        {"partId": pid, "from": signer, "to": airline, "nonce": 0, "relayer": sender}
    ]
    assert parts.ownerOf(pid) == airline


def test_an_offboarded_relayer_may_still_submit_the_owner_signed(parts, participants, admin, signer, airline, broker, owned):
    """Only the owner's authority moves the part; the relayer carries it and need not be a
    participant (permissioned mode included), only not suspended."""
    participants.offboard(broker, {"from": admin})
    tx = parts.transferBySignature(*signed_order(parts, key_of(signer), owned, airline), {"from": broker})
    assert events(tx, "SignedTransferExecuted")[0]["relayer"] == broker
    assert parts.ownerOf(owned) == airline


def test_a_suspended_relayer_cannot_submit(parts, participants, signer, airline, broker, regulator, owned):
    participants.suspend(broker, ZERO32, {"from": regulator})
    args = signed_order(parts, key_of(signer), owned, airline)
    with brownie.reverts(err("ParticipantSuspended", broker)):
        parts.transferBySignature(*args, {"from": broker})
    assert parts.ownerOf(owned) == signer and parts.nonces(signer) == 0


def test_a_signature_by_anyone_but_the_owner_is_invalid(parts, signer, airline, broker, stranger_key, owned):
    pid, to, nonce, deadline, signature = signed_order(parts, stranger_key, owned, airline)
    with brownie.reverts(err("InvalidSignature", pid, signer)):
        parts.transferBySignature(pid, to, nonce, deadline, signature, {"from": broker})
    for junk in (b"", b"\x01" * 65, signature[:64]):
        with brownie.reverts(err("InvalidSignature", pid, signer)):
            parts.transferBySignature(pid, to, nonce, deadline, junk, {"from": broker})
    assert parts.ownerOf(pid) == signer


def test_a_signed_order_cannot_be_altered(parts, maker, signer, airline, broker, register, owned):
    other = register("SN-SIG2")
    parts.transferFrom(maker, signer, other, {"from": maker})
    pid, to, nonce, deadline, signature = signed_order(parts, key_of(signer), owned, airline)
    for altered in (
        (pid, broker, nonce, deadline),  # another receiver
        (pid, to, nonce, deadline + 1),  # another deadline
        (other, to, nonce, deadline),  # another part of the same owner
    ):
        with brownie.reverts(err("InvalidSignature", altered[0], signer)):
            parts.transferBySignature(*altered, signature, {"from": broker})
    assert parts.ownerOf(owned) == signer and parts.ownerOf(other) == signer


def test_an_order_past_its_deadline_is_expired(parts, signer, airline, broker, owned):
    past = latest_timestamp() - 1
    args = signed_order(parts, key_of(signer), owned, airline, deadline=past)
    with brownie.reverts(err("Expired", owned, past)):
        parts.transferBySignature(*args, {"from": broker})
    deadline = latest_timestamp() + 60
    args = signed_order(parts, key_of(signer), owned, airline, deadline=deadline)
    chain.sleep(120)
    chain.mine()
    with brownie.reverts(err("Expired", owned, deadline)):
        parts.transferBySignature(*args, {"from": broker})
    assert parts.ownerOf(owned) == signer and parts.nonces(signer) == 0


def test_a_used_signature_cannot_be_replayed(parts, signer, airline, broker, owned):
    args = signed_order(parts, key_of(signer), owned, airline)
    parts.transferBySignature(*args, {"from": broker})
    # The part now belongs to the airline: the old signature is not the new owner's.
    with brownie.reverts(err("InvalidSignature", owned, airline)):
        parts.transferBySignature(*args, {"from": broker})
    # Back with the signer, the signature is the owner's again but its nonce is spent.
    parts.transferFrom(airline, signer, owned, {"from": airline})
    with brownie.reverts(err("InvalidAccountNonce", signer, 1)):
        parts.transferBySignature(*args, {"from": broker})
    assert parts.ownerOf(owned) == signer and parts.nonces(signer) == 1


def test_an_order_with_a_future_nonce_is_refused(parts, signer, airline, broker, owned):
    args = signed_order(parts, key_of(signer), owned, airline, nonce=1)
    with brownie.reverts(err("InvalidAccountNonce", signer, 0)):
        parts.transferBySignature(*args, {"from": broker})
    assert parts.ownerOf(owned) == signer


def test_an_order_signed_for_another_chain_is_invalid(parts, signer, airline, broker, owned):
    args = signed_order(parts, key_of(signer), owned, airline, chain_id=chain.id + 1)
    with brownie.reverts(err("InvalidSignature", owned, signer)):
        parts.transferBySignature(*args, {"from": broker})
    assert parts.ownerOf(owned) == signer


@pytest.fixture(scope="module")
def second_suite(admin, maker, airline, broker, signer):
    other = deploy_suite(admin, permissioned=True)
    onboard(other.participants, admin, maker=maker, airline=airline, broker=broker, keyed=signer)
    return other


def test_an_order_signed_for_another_registry_is_invalid(parts, second_suite, maker, signer, airline, broker, owned):
    other = second_suite.parts
    # Signed for the other registry, submitted here.
    args = signed_order(parts, key_of(signer), owned, airline, verifying_contract=other)
    with brownie.reverts(err("InvalidSignature", owned, signer)):
        parts.transferBySignature(*args, {"from": broker})
    # The same part id lives in the other registry with the same owner and nonce: an order for
    # this registry cannot be replayed there.
    twin = register_part(other, maker, "SN-SIG")
    assert twin == owned
    other.transferFrom(maker, signer, twin, {"from": maker})
    args = signed_order(parts, key_of(signer), owned, airline)
    with brownie.reverts(err("InvalidSignature", owned, signer)):
        other.transferBySignature(*args, {"from": broker})
    assert other.ownerOf(twin) == signer
    # The order still works where it was meant to.
    parts.transferBySignature(*args, {"from": broker})
    assert parts.ownerOf(owned) == airline


def test_useNonce_cancels_an_unsent_order(parts, signer, airline, broker, owned):
    args = signed_order(parts, key_of(signer), owned, airline, nonce=0)
    tx = parts.useNonce({"from": signer})
    assert tx.return_value == 0
    assert parts.nonces(signer) == 1
    with brownie.reverts(err("InvalidAccountNonce", signer, 1)):
        parts.transferBySignature(*args, {"from": broker})
    assert parts.ownerOf(owned) == signer
    fresh = signed_order(parts, key_of(signer), owned, airline, nonce=1)
    parts.transferBySignature(*fresh, {"from": broker})
    assert parts.ownerOf(owned) == airline and parts.nonces(signer) == 2


def test_an_order_for_an_unknown_part_is_refused(parts, maker, signer, airline, broker):
    unknown = parts.partIdOf(maker, b32("PN-100"), b32("NEVER"))
    args = signed_order(parts, key_of(signer), unknown, airline)
    with brownie.reverts(err("PartNotFound", unknown)):
        parts.transferBySignature(*args, {"from": broker})


# ---------------------------------------------------------------- the transfer rules apply


def make_suspect(c):
    c.parts.recallPart(c.pid, ZERO32, {"from": c.maker})
    return c.airline, err("PartSuspect", c.pid), lambda: c.parts.clearPart(c.pid, ZERO32, {"from": c.maker})


def make_frozen(c):
    c.parts.freezePart(c.pid, ZERO32, {"from": c.regulator})
    return c.airline, err("PartFrozen", c.pid), lambda: c.parts.unfreezePart(c.pid, ZERO32, {"from": c.regulator})


def make_owner_suspended(c):
    c.participants.suspend(c.signer, ZERO32, {"from": c.regulator})
    return c.airline, err("ParticipantSuspended", c.signer), lambda: c.participants.reinstate(
        c.signer, ZERO32, {"from": c.regulator}
    )


def make_receiver_suspended(c):
    c.participants.suspend(c.airline, ZERO32, {"from": c.regulator})
    return c.airline, err("ParticipantSuspended", c.airline), lambda: c.participants.reinstate(
        c.airline, ZERO32, {"from": c.regulator}
    )


def make_receiver_unregistered(c):
    return c.outsider, err("ParticipantNotRegistered", c.outsider), lambda: c.participants.onboard(
        c.outsider, "Late Joiner", "LJ-1", [], {"from": c.admin}
    )


def make_paused(c):
    c.participants.pause({"from": c.regulator})
    return c.airline, err("EnforcedPause"), lambda: c.participants.unpause({"from": c.regulator})


def make_receiver_registry(c):
    return c.parts, err("InvalidReceiver", c.parts), None


RULES = {
    "suspect": make_suspect,
    "frozen": make_frozen,
    "owner-suspended": make_owner_suspended,
    "receiver-suspended": make_receiver_suspended,
    "receiver-unregistered": make_receiver_unregistered,
    "paused": make_paused,
    "receiver-is-registry": make_receiver_registry,
}


@pytest.mark.parametrize("rule", RULES)
def test_a_signed_transfer_obeys_the_transfer_rules_and_spends_no_nonce_when_refused(
    parts, participants, admin, regulator, maker, signer, airline, outsider, broker, owned, rule
):
    from types import SimpleNamespace

    c = SimpleNamespace(parts=parts, participants=participants, admin=admin, regulator=regulator, maker=maker,
                        signer=signer, airline=airline, outsider=outsider, pid=owned)
    to, error, fix = RULES[rule](c)
    args = signed_order(parts, key_of(signer), owned, to)
    with brownie.reverts(error):
        parts.transferBySignature(*args, {"from": broker})
    assert parts.ownerOf(owned) == signer and parts.nonces(signer) == 0
    if fix is not None:
        fix()
        tx = parts.transferBySignature(*args, {"from": broker})
        assert events(tx, "Transfer") == [{"from": signer, "to": to, "id": owned}]
        assert parts.nonces(signer) == 1


# ---------------------------------------------------------------- ERC-1271 contract wallets


@pytest.fixture(scope="module")
def wallet_key():
    return key_of(new_key_account("wallet-signer"))


@pytest.fixture(scope="module")
def wallet(participants, admin, wallet_key):
    eoa = web3.eth.account.from_key(wallet_key).address
    w = MockERC1271Wallet.deploy(eoa, True, {"from": admin})
    participants.onboard(w, "Fleet Wallet", "W-1271", [], {"from": admin})
    return w


@pytest.fixture
def wallet_part(parts, maker, wallet, register):
    pid = register("SN-WALLET")
    parts.safeTransferFrom["address,address,uint256"](maker, wallet, pid, {"from": maker})
    assert parts.ownerOf(pid) == wallet
    return pid


def test_a_contract_wallet_owner_signs_through_erc1271(parts, wallet, wallet_key, airline, broker, wallet_part):
    args = signed_order(parts, wallet_key, wallet_part, airline, owner=wallet)
    tx = parts.transferBySignature(*args, {"from": broker})
    assert events(tx, "SignedTransferExecuted") == [
        {"partId": wallet_part, "from": wallet, "to": airline, "nonce": 0, "relayer": broker}
    ]
    assert events(tx, "Transfer") == [{"from": wallet, "to": airline, "id": wallet_part}]
    assert parts.ownerOf(wallet_part) == airline
    assert parts.nonces(wallet) == 1


def test_a_contract_wallet_refuses_a_signature_not_by_its_signer(parts, wallet, stranger_key, airline, broker, wallet_part):
    args = signed_order(parts, stranger_key, wallet_part, airline, owner=wallet)
    with brownie.reverts(err("InvalidSignature", wallet_part, wallet)):
        parts.transferBySignature(*args, {"from": broker})
    assert parts.ownerOf(wallet_part) == wallet and parts.nonces(wallet) == 0


def test_a_contract_wallet_that_rejects_makes_the_signature_invalid(
    parts, admin, wallet, wallet_key, airline, broker, wallet_part
):
    args = signed_order(parts, wallet_key, wallet_part, airline, owner=wallet)
    wallet.setRejecting(True, {"from": admin})
    with brownie.reverts(err("InvalidSignature", wallet_part, wallet)):
        parts.transferBySignature(*args, {"from": broker})
    assert parts.ownerOf(wallet_part) == wallet
    # ERC-1271 answers are revocable both ways: the same order passes once the wallet accepts.
    wallet.setRejecting(False, {"from": admin})
    parts.transferBySignature(*args, {"from": broker})
    assert parts.ownerOf(wallet_part) == airline


def test_an_order_names_its_owner_so_a_wallet_sharing_the_key_cannot_use_it(
    parts, wallet, wallet_key, airline, broker, wallet_part
):
    """The wallet accepts its signer's key, but an order the key signed for itself (owner = the
    EOA) is not the wallet's order."""
    args = signed_order(parts, wallet_key, wallet_part, airline)  # owner: the key's own address
    with brownie.reverts(err("InvalidSignature", wallet_part, wallet)):
        parts.transferBySignature(*args, {"from": broker})
    assert parts.ownerOf(wallet_part) == wallet and parts.nonces(wallet) == 0


def test_an_order_cancelled_with_useNonce_stays_dead_when_the_part_moves_to_a_wallet_of_the_same_key(
    parts, participants, admin, maker, wallet, wallet_key, airline, broker, register
):
    """The EOA signs an order with nonce 0 and cancels it with useNonce(); the part then goes to
    a contract wallet that accepts the same key and whose own nonce is still 0. The cancelled
    order must not come back to life there."""
    eoa = new_key_account("wallet-signer", funder=admin)
    assert key_of(eoa) == wallet_key and wallet.signer() == eoa
    participants.onboard(eoa, "Wallet Signer", "W-EOA", [], {"from": admin})
    pid = register("SN-REVIVE")
    parts.transferFrom(maker, eoa, pid, {"from": maker})
    cancelled = signed_order(parts, wallet_key, pid, airline, nonce=0)
    parts.transferBySignature.call(*cancelled, {"from": broker})  # a good order until cancelled
    parts.useNonce({"from": eoa})
    assert parts.nonces(eoa) == 1
    with brownie.reverts(err("InvalidAccountNonce", eoa, 1)):
        parts.transferBySignature(*cancelled, {"from": broker})
    parts.transferFrom(eoa, wallet, pid, {"from": eoa})
    assert parts.nonces(wallet) == 0
    with brownie.reverts(err("InvalidSignature", pid, wallet)):
        parts.transferBySignature(*cancelled, {"from": broker})
    assert parts.ownerOf(pid) == wallet and parts.nonces(wallet) == 0


# ---------------------------------------------------------------- against the reference: plain eth-account


def reference_order(parts, pid, owner, to, nonce, deadline) -> dict:
    """The whole EIP-712 document written out from EIP-712 and the contract's documented type
    (README, TRANSFER_TYPEHASH): no partledger code involved."""
    return {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"},
            ],
            "Transfer": [
                {"name": "partId", "type": "uint256"},
                {"name": "owner", "type": "address"},
                {"name": "to", "type": "address"},
                {"name": "nonce", "type": "uint256"},
                {"name": "deadline", "type": "uint256"},
            ],
        },
        "primaryType": "Transfer",
        "domain": {"name": "PartLedger", "version": "1", "chainId": chain.id, "verifyingContract": parts.address},
        "message": {"partId": pid, "owner": str(owner), "to": str(to), "nonce": nonce, "deadline": deadline},
    }


def eip191_digest(document: dict) -> bytes:
    """What the signer signs: keccak256(0x19 0x01 domainSeparator structHash), from eth-account."""
    signable = encode_typed_data(full_message=document)
    return keccak(b"\x19" + signable.version + signable.header + signable.body)


def test_partledger_signs_what_plain_eth_account_signs_and_the_contract_accepts_it(
    parts, signer, airline, broker, owned
):
    deadline = latest_timestamp() + HOUR
    document = reference_order(parts, owned, signer.address, airline.address, 0, deadline)
    reference = bytes(Account.sign_message(encode_typed_data(full_message=document), key_of(signer)).signature)
    domain = signing.domain_from_eip5267(parts.eip712Domain())
    assert domain == document["domain"]
    assert signing.transfer_order(domain, part_id=owned, owner=signer.address, to=airline.address, nonce=0,
                                  deadline=deadline) == document
    ours = signing.sign_transfer(key_of(signer), domain, part_id=owned, to=airline.address, nonce=0, deadline=deadline)
    assert ours == reference  # deterministic ECDSA (RFC 6979): same document, same bytes
    assert Account.recover_message(encode_typed_data(full_message=document), signature=reference) == signer.address
    parts.transferBySignature(owned, airline, 0, deadline, reference, {"from": broker})
    assert parts.ownerOf(owned) == airline


def test_the_contract_hashes_an_order_exactly_as_eth_account_does(
    parts, participants, admin, maker, airline, broker, register
):
    """A wallet that accepts one digest only, whatever the signature: the registry's own
    EIP-712 digest (domain separator and struct hash) must be eth-account's, byte for byte."""
    wallet = DigestWallet.deploy({"from": admin})
    participants.onboard(wallet, "Digest Wallet", "W-DIGEST", [], {"from": admin})
    pid = register("SN-DIGEST")
    parts.transferFrom(maker, wallet, pid, {"from": maker})
    deadline = latest_timestamp() + HOUR
    for near_miss in (
        reference_order(parts, pid, wallet.address, airline.address, 0, deadline + 1),
        reference_order(parts, pid, maker.address, airline.address, 0, deadline),  # another owner
    ):
        wallet.expect(eip191_digest(near_miss), {"from": admin})
        with brownie.reverts(err("InvalidSignature", pid, wallet)):
            parts.transferBySignature(pid, airline, 0, deadline, b"", {"from": broker})
    wallet.expect(eip191_digest(reference_order(parts, pid, wallet.address, airline.address, 0, deadline)), {"from": admin})
    parts.transferBySignature(pid, airline, 0, deadline, b"", {"from": broker})
    assert parts.ownerOf(pid) == airline and parts.nonces(wallet) == 1


def test_an_order_signed_before_the_part_was_installed_stays_dead_once_it_comes_out(
    parts, maker, signer, airline, broker, register, owned
):
    root = register("SN-SIG-ROOT")
    parts.transferFrom(maker, signer, root, {"from": maker})
    nonce = parts.nonces(signer)
    order = signed_order(parts, key_of(signer), owned, airline, nonce=nonce)
    parts.installPart(owned, root, {"from": signer})
    with brownie.reverts(err("InvalidSignature", owned, parts)):  # the registry holds it now
        parts.transferBySignature(*order, {"from": broker})
    parts.removePart(owned, {"from": signer})  # back with the signer: the old order must not revive
    assert parts.nonces(signer) == nonce + 1
    with brownie.reverts(err("InvalidAccountNonce", signer, nonce + 1)):
        parts.transferBySignature(*order, {"from": broker})
    assert parts.ownerOf(owned) == signer
    fresh = signed_order(parts, key_of(signer), owned, airline, nonce=nonce + 1)
    parts.transferBySignature(*fresh, {"from": broker})
    assert parts.ownerOf(owned) == airline

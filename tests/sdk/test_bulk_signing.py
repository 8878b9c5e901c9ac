"""partledger._sign: bulk mode's fast signer gives byte for byte what eth-account gives (no chain)."""

import pytest
from eth_account import Account
from eth_utils import keccak, to_checksum_address

from partledger._sign import rlp_encode, sign_transaction

KEY = keccak(text="partledger-bulk/signing")
BASE = {"chainId": 31337, "to": to_checksum_address("0x" + "ab" * 20), "value": 0, "gas": 123_456}


@pytest.mark.parametrize("nonce", [0, 1, 127, 128, 65_535, 2**40])
@pytest.mark.parametrize("data", [b"", b"\x01", b"\x7f" * 3, bytes(range(256)) * 3])
@pytest.mark.parametrize("fees", [{"maxFeePerGas": 2 * 10**9 + 1, "maxPriorityFeePerGas": 10**9},
                                  {"maxFeePerGas": 0, "maxPriorityFeePerGas": 0}, {"gasPrice": 875_000_000}])
def test_fast_signature_equals_eth_account(nonce, data, fees):
    fields = {**BASE, "nonce": nonce, "data": data, **fees}
    expected = Account.sign_transaction({**fields, **({"type": 2} if "maxFeePerGas" in fees else {})}, KEY)

    raw, tx_hash = sign_transaction(KEY, fields)

    assert raw == bytes(expected.raw_transaction)
    assert tx_hash == bytes(expected.hash)
    assert Account.recover_transaction(raw) == Account.from_key(KEY).address


def test_rlp_matches_the_yellow_paper_examples():
    assert rlp_encode(b"dog") == b"\x83dog"
    assert rlp_encode([b"cat", b"dog"]) == b"\xc8\x83cat\x83dog"
    assert rlp_encode(b"") == b"\x80" and rlp_encode([]) == b"\xc0" and rlp_encode(0) == b"\x80"
    assert rlp_encode(15) == b"\x0f" and rlp_encode(1024) == b"\x82\x04\x00"
    assert rlp_encode(b"L" * 56) == b"\xb8\x38" + b"L" * 56
    with pytest.raises(ValueError):
        rlp_encode(-1)

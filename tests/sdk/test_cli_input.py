"""What the `partledger` command makes of what a user types, and what it never prints: amounts
read exactly, addresses whose EIP-55 checksum is wrong, hashes of the wrong length, times,
a malformed key, and the secrets of the environment (the node URL's credentials and API key,
the private key) in error output. Each mistake is refused before any node is asked: the node
URL points at a closed port, so a run that got that far would exit 5, not 2."""

import json

import pytest
from click.testing import CliRunner
from eth_account import Account

from partledger.cli import ExitCode, cli, parse_address, parse_amount, parse_part
from partledger.exceptions import BadPrivateKey, InvalidArgument

NOWHERE = "http://127.0.0.1:9"  # nothing listens: a verb that reaches the node exits CONFIG
RECIPIENT = "0x52908400098527886E0F7030069857D2E4169EE7"  # EIP-55's own example, checksummed
MISTYPED = RECIPIENT[:-1] + "e"  # one letter's case changed: the checksum no longer holds


def invoke(*args, **env):
    result = CliRunner().invoke(cli, [str(a) for a in args], env={"PARTLEDGER_RPC_URL": NOWHERE, **env})
    assert not isinstance(result.exception, Exception), result.exception  # no traceback
    return result


def test_an_amount_is_read_exactly_or_refused():
    # 31 significant digits: the default decimal context (28) would round the last ones away
    assert parse_amount("1234567890123.123456789012345678", 18) == 1234567890123123456789012345678
    assert parse_amount("0.000001", 6) == 1 and parse_amount("1_000.5", 6) == 1_000_500_000
    for bad in ("0.0000001", "-5", "0", "NaN", "Infinity", "1,5", "2e100"):
        with pytest.raises(InvalidArgument):
            parse_amount(bad, 6)


def test_an_address_with_a_wrong_checksum_is_refused_not_sent_elsewhere():
    assert parse_address(RECIPIENT.lower()) == RECIPIENT and parse_address(RECIPIENT) == RECIPIENT
    assert parse_address("0x" + RECIPIENT[2:].upper()) == RECIPIENT
    with pytest.raises(InvalidArgument, match="checksum"):
        parse_address(MISTYPED)
    with pytest.raises(InvalidArgument, match="checksum"):
        parse_part(f"{MISTYPED}:PN-1:SN-1")
    assert parse_part(f"{RECIPIENT.lower()}:PN-1:SN-1") == parse_part(f"{RECIPIENT}:PN-1:SN-1")
    for args in (("transfer", "1", MISTYPED), ("order", "open", MISTYPED, "1", "--price", "1", "--arbiter", RECIPIENT)):
        result = invoke(*args)
        assert result.exit_code == ExitCode.USAGE, result.output
        assert "checksum" in result.output


def test_a_0x_hash_of_the_wrong_length_is_refused_not_hashed_as_text():
    for typo in ("0x" + "ab" * 31, "0x" + "ab" * 33, "0x"):
        result = invoke("recall", "1", "--reason", typo)
        assert result.exit_code == ExitCode.USAGE, result.output
        assert "not 64" in result.output
    assert invoke("recall", "1", "--reason", "0x" + "ab" * 32).exit_code == ExitCode.CONFIG  # a hash: on to the node
    assert invoke("recall", "1", "--reason", "0xford SB-1").exit_code == ExitCode.CONFIG  # text: hashed


def test_a_time_that_is_no_time_is_a_usage_error_not_a_traceback():
    for when in ("@²", "@-5", "٣d", "1w", "@"):
        result = invoke("offer", "1", RECIPIENT, "--expiry", when)
        assert result.exit_code == ExitCode.USAGE, (when, result.output)
        assert "neither a duration" in result.output


@pytest.mark.parametrize("key", ["0x" + "ab" * 31 + "zz", "0x" + "cd" * 31, "0x" + "00" * 32, "my passphrase 42"])
def test_a_malformed_key_exits_5_named_and_is_never_printed(key):
    secret = key.removeprefix("0x")
    with pytest.raises(BadPrivateKey) as refused:
        from partledger import Client

        Client.connect(NOWHERE, private_key=key)
    assert secret not in str(refused.value) and secret not in json.dumps(vars(refused.value))
    for args in (("--json", "register", "PN-1", "SN-1"), ("register", "PN-1", "SN-1"), ("verify", "1")):
        result = invoke(*args, PARTLEDGER_PRIVATE_KEY=key)
        assert result.exit_code == ExitCode.CONFIG, result.output
        assert "BadPrivateKey" in result.output and secret not in result.output
    assert json.loads(invoke("--json", "verify", "1", PRIVATE_KEY=key).stdout)["error"]["name"] == "BadPrivateKey"


def test_the_node_url_s_credentials_and_api_key_are_never_printed():
    url = "http://alice:hunter2-pw@127.0.0.1:9/v3/0123456789abcdef0123456789abcdef"
    human = invoke("verify", "1", PARTLEDGER_RPC_URL=url)
    assert human.exit_code == ExitCode.CONFIG and "no node answers at http://***@127.0.0.1:9/***" in human.output
    document = invoke("--json", "verify", "1", PARTLEDGER_RPC_URL=url)
    assert json.loads(document.stdout)["error"]["name"] == "NodeUnreachable"
    for result in (human, document):
        assert "hunter2-pw" not in result.output and "0123456789abcdef" not in result.output


def test_a_key_an_error_message_repeats_is_masked():
    key = Account.create().key.hex()
    from partledger.cli import scrub

    runner = CliRunner(env={"PARTLEDGER_PRIVATE_KEY": key, "PARTLEDGER_RPC_URL": NOWHERE})
    with runner.isolation():
        assert scrub(f"boom {key} and {key.removeprefix('0x')}") == "boom *** and ***"

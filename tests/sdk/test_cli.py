"""The `partledger` command end to end against the suite brownie deployed: each verb's output,
its --json document and its exit code, configured by the environment alone (node, manifest,
key). Most runs go through click's CliRunner (in process, fast); one runs the installed console
script as a user does."""

import json
import re
import shlex
import subprocess

import pytest
from click.testing import CliRunner
from eth_account import Account
from eth_utils import keccak

from local_chains import BIN, ROOT, project_env
from partledger.cli import ExitCode, cli

USD = 10**6


@pytest.fixture
def env_of(rpc_url, manifest, key):
    """env_of(who) -> the environment of a user whose key is `who`'s (None: no key)."""

    def _env(who="maker", **extra):
        env = {
            "PARTLEDGER_RPC_URL": rpc_url,
            "PARTLEDGER_MANIFEST": str(manifest),
            "PARTLEDGER_DEPLOYMENTS": None,
            "PARTLEDGER_PRIVATE_KEY": key(who) if who else None,
            "PRIVATE_KEY": None,
        }
        env.update(extra)
        return env

    return _env


@pytest.fixture
def run(env_of):
    """run(*args, who="maker", code=0) -> the click Result, its exit code checked."""

    def _run(*args, who="maker", code=ExitCode.OK, **extra):
        result = CliRunner().invoke(cli, [str(a) for a in args], env=env_of(who, **extra))
        assert result.exit_code == code, (result.exit_code, result.output, result.exception)
        return result

    return _run


@pytest.fixture
def run_json(run):
    """run_json(*args, ...) -> the one JSON document the verb printed on stdout."""
    return lambda *args, **kw: json.loads(run("--json", *args, **kw).stdout)


@pytest.fixture
def address(key):
    return lambda who: Account.from_key(key(who)).address


def register(run_json, serial, part_number="PN-CLI"):
    return run_json("register", part_number, serial)["part_id"]


# ------------------------------------------------------------ help, arguments


def test_help_lists_every_verb_the_environment_and_the_exit_codes():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for verb in ("verify", "history", "tree", "register", "register-bom", "transfer", "offer", "accept",
                 "decline", "cancel", "recall", "clear-recall", "order", "receivable"):
        assert f"  {verb} " in result.output
    for variable in ("PARTLEDGER_RPC_URL", "PARTLEDGER_MANIFEST", "PARTLEDGER_DEPLOYMENTS", "PARTLEDGER_PRIVATE_KEY"):
        assert variable in result.output
    assert "PARTLEDGER_KEY " not in result.output
    for code in ExitCode:
        assert f"    {code.value}  " in result.output
    assert "--private-key" not in result.output and "--key" not in result.output


def test_a_malformed_part_is_a_usage_error_before_any_node_is_asked():
    result = CliRunner().invoke(cli, ["verify", "PN-1:SN-1"], env={"PARTLEDGER_RPC_URL": "http://127.0.0.1:9"})
    assert result.exit_code == ExitCode.USAGE
    assert "no part" in result.output


# ------------------------------------------------------------ parts


def test_register_verify_history_and_tree_of_a_part(run, run_json, address):
    maker = address("maker")
    registered = run_json("register", "PN-CLI", "V-1", "--metadata", "datasheet v1")
    pid = registered["part_id"]
    assert registered["manufacturer"] == maker and registered["tx_hash"].startswith("0x")
    assert isinstance(registered["block"], int) and registered["gas_used"] > 0

    human = run("verify", f"{maker}:PN-CLI:V-1").stdout  # the MANUFACTURER:PN:SERIAL form
    assert f"{pid:#066x}\nGENUINE" in human and "status       InService" in human
    assert f"owner        {maker}" in human

    verified = run_json("verify", hex(pid))
    assert verified["part_id"] == pid and verified["genuine"] is True
    assert verified["status"] == "InService" and verified["flags"] == []
    assert verified["manufacturer"] == maker and verified["owner"] == maker  # checksummed

    assert "made by" in run("history", str(pid)).stdout  # the report make provenance prints
    history = run_json("history", str(pid))
    assert history["part_id"] == pid and history["registration"]["kind"] == "single"
    assert history["registration"]["metadata_hash"] == "0x" + keccak(text="datasheet v1").hex()
    assert history["owner"] == maker

    tree = run_json("tree", str(pid))
    assert tree == {**tree, "part_id": pid, "status": "InService", "children": []}
    assert "PN-CLI V-1" in run("tree", str(pid)).stdout


def test_transfer_offer_accept_decline_and_cancel(run, run_json, address):
    maker, airline = address("maker"), address("airline")
    direct, handed, declined, withdrawn = (register(run_json, f"T-{i}") for i in range(4))

    moved = run_json("transfer", hex(direct), airline)
    assert moved["part_id"] == direct and moved["to"] == airline
    assert run_json("verify", hex(direct))["owner"] == airline

    assert run_json("offer", hex(handed), airline, "--expiry", "1d")["expiry"] > 0
    assert "accepted" in run("accept", hex(handed), who="airline").stdout
    assert run_json("verify", hex(handed))["owner"] == airline

    run("offer", hex(declined), airline)
    run("decline", hex(declined), who="airline")
    run("offer", hex(withdrawn), airline)
    run("cancel", hex(withdrawn))
    for pid in (declined, withdrawn):
        assert run_json("verify", hex(pid))["owner"] == maker
    steps = [h["action"] for h in run_json("history", hex(declined))["handovers"]]
    assert steps == ["offered", "declined"]


def test_recall_and_clear_recall(run, run_json):
    pid = register(run_json, "R-1")
    recalled = run_json("recall", hex(pid), "--reason", "SB-72-001")
    assert recalled["reason_hash"] == "0x" + keccak(text="SB-72-001").hex()
    verified = run_json("verify", hex(pid), code=ExitCode.OK)  # still genuine: exit 0
    assert verified["status"] == "Suspect" and verified["flags"] == ["SUSPECT"]
    assert "Suspect" in run("verify", hex(pid)).stdout
    run("clear-recall", hex(pid), "--reason", "SB-72-001 rev A")
    assert run_json("verify", hex(pid))["status"] == "InService"


def test_verify_says_an_assembly_contains_a_flagged_part(run, run_json, client_of):
    engine, blade = register(run_json, "FA-E"), register(run_json, "FA-B")
    client_of("maker").parts.install_part(blade, engine)
    run("recall", hex(blade), "--reason", "SB-72-002")
    human = run("verify", hex(engine)).stdout
    assert "status       Suspect (contains a flagged part" in human and "FLAGGED_BELOW" in human
    verified = run_json("verify", hex(engine))
    assert verified["status"] == "Suspect" and verified["flags"] == ["FLAGGED_BELOW"]
    assert "contains a flagged part" not in run("verify", hex(blade)).stdout  # recalled itself


def test_a_revert_prints_the_named_error_and_exits_1(run, run_json, address):
    pid = register(run_json, "X-1")
    human = run("transfer", hex(pid), address("broker"), who="airline", code=ExitCode.REVERTED)
    assert "reverted: IncorrectOwner(" in human.stderr and human.stdout == ""
    error = run_json("transfer", hex(pid), address("broker"), who="airline", code=ExitCode.REVERTED)["error"]
    assert error["name"] == "IncorrectOwner"
    assert error["args"] == {"partId": pid, "from": address("airline"), "owner": address("maker")}


def test_an_unknown_part_exits_3_and_a_counterfeit_verify_exits_4(run, run_json, address):
    ghost = int.from_bytes(keccak(text="never registered"), "big")
    assert "UnknownPart" in run("history", hex(ghost), code=ExitCode.NOT_FOUND).stderr
    assert run_json("tree", hex(ghost), code=ExitCode.NOT_FOUND)["error"]["name"] == "UnknownPart"
    assert "NOT GENUINE" in run("verify", hex(ghost), code=ExitCode.NOT_GENUINE).stdout
    verified = run_json("verify", f"{address('maker')}:PN-FAKE:1", code=ExitCode.NOT_GENUINE)
    assert verified["genuine"] is False and verified["status"] == "NotRegistered"


def test_configuration_errors_exit_5(run, run_json, tmp_path):
    error = run_json("register", "PN-CLI", "NK-1", who=None, code=ExitCode.CONFIG)["error"]
    assert error["name"] == "NoSigner" and "PARTLEDGER_PRIVATE_KEY" in error["message"]
    assert run_json("verify", "1", who=None, code=ExitCode.NOT_GENUINE)["genuine"] is False  # reads need no key
    missing = run_json("verify", "1", code=ExitCode.CONFIG, PARTLEDGER_MANIFEST=str(tmp_path / "none.json"))
    assert missing["error"]["name"] == "ManifestNotFound"
    offline = run("verify", "1", code=ExitCode.CONFIG, PARTLEDGER_RPC_URL="http://127.0.0.1:9")
    assert "no node answers at http://127.0.0.1:9" in offline.stderr


# ------------------------------------------------------------ bills of materials


def write_bom(path, rows):
    path.write_text("part_number,serial,parent,lot\n" + "".join(f"{row}\n" for row in rows))
    return path


def test_register_bom_builds_the_assembly_and_a_failing_item_exits_7(run, run_json, tmp_path):
    rows = ["ENG,E-1,,", "FAN,F-1,ENG/E-1,", "BLADE,B-1,FAN/F-1,L-1", "BLADE,B-2,,L-1"]
    first = write_bom(tmp_path / "first.csv", rows)
    done = run_json("register-bom", first)
    assert done["failed"] == {} and done["rows"] == 4 and done["roots"] == ["ENG/E-1"]
    engine = done["part_ids"]["ENG/E-1"]
    tree = run_json("tree", hex(engine))
    assert [c["label"].split(" (")[0] for c in tree["children"]] == ["FAN F-1"]
    assert tree["children"][0]["children"][0]["part_id"] == done["part_ids"]["BLADE/B-1"]
    assert "skipped" in run_json("register-bom", first)  # resumable: a second run sends nothing
    assert run_json("register-bom", first)["ok"] == []

    # FAN F-1 is installed in ENG E-1 already: it cannot go into ENG E-2; the rest still lands
    second = write_bom(tmp_path / "second.csv", ["ENG,E-2,,", "FAN,F-1,ENG/E-2,", "FAN,F-2,ENG/E-2,"])
    failed = run_json("register-bom", second, code=ExitCode.BULK_FAILED)
    assert list(failed["failed"]) == ["install:FAN/F-1"]
    assert failed["failed"]["install:FAN/F-1"]["name"] == "PartInstalled"
    assert failed["failed"]["install:FAN/F-1"]["args"]["parentId"] == engine
    assert "install:FAN/F-2" in failed["ok"]
    human = run("register-bom", second, code=ExitCode.BULK_FAILED).stdout
    assert "FAILED install:FAN/F-1: PartInstalled(" in human


def test_a_bom_with_a_bad_line_is_refused_before_anything_is_sent(run, run_json, tmp_path):
    bad = write_bom(tmp_path / "bad.csv", ["ENG,E-9,,", "FAN,F-9,ENG/E-404,"])
    error = run_json("register-bom", bad, code=ExitCode.USAGE)["error"]
    assert error["name"] == "BomError" and error["line"] == 3
    assert "parent ENG/E-404 is not a row of the BOM" in run("register-bom", bad, code=ExitCode.USAGE).stderr


# ------------------------------------------------------------ purchase orders and receivables


def test_a_prepaid_order_from_opening_to_delivery(run, run_json, address, client_of):
    buyer, maker = client_of("airline"), address("maker")
    pid, other = register(run_json, "PO-1"), register(run_json, "PO-2")
    buyer.stablecoin.mint(buyer.address, 400 * USD)

    opened = run_json("order", "open", maker, hex(pid), "--price", "250.5", "--arbiter", address("arbiter"),
                      "--deadline", "2d", who="airline")
    order_id = opened["order_id"]
    assert opened["terms"] == "Prepaid" and opened["price"] == 250_500_000 and opened["approve_tx"]
    run("order", "accept", order_id)
    run("order", "deliver", order_id, hex(pid))
    shown = run_json("order", "show", order_id)
    assert shown["state"] == "Completed" and shown["buyer"] == buyer.address and shown["escrowed"] == 0
    assert shown["parts"] == [{"part_id": pid, "state": "Delivered", "price": 250_500_000}]
    assert "price     250.5" in run("order", "show", order_id).stdout


    again = run_json("order", "open", maker, hex(other), "--price", "100", "--arbiter", address("arbiter"),
                     who="airline")["order_id"]
    run("order", "cancel", again, who="airline")
    assert run_json("order", "show", again)["state"] == "Cancelled"
    error = run_json("order", "accept", again, code=ExitCode.REVERTED)["error"]
    assert error["name"] == "OrderNotOpen" and error["args"] == {"orderId": again, "state": "Cancelled"}
    assert run_json("order", "show", 10_000, code=ExitCode.NOT_FOUND)["error"]["name"] == "UnknownOrder"


def test_a_receivable_issued_confirmed_split_paid_and_redeemed(run, run_json, address, admin_client, client_of):
    debtor = client_of("maker")
    token = admin_client.stablecoin
    admin_client.receivables.set_credit_line(debtor.address, token.address, 10_000 * USD)
    issued = run_json("receivable", "issue", debtor.address, "1000", "--maturity", "30d", "--invoice", "INV-CLI-1",
                      who="maker2")
    rid = issued["receivable_id"]
    assert issued["face"] == 1_000 * USD and issued["invoice_hash"] == "0x" + keccak(text="INV-CLI-1").hex()
    looked_up = ("receivable", "invoice", address("maker2"), debtor.address, "--invoice", "INV-CLI-1")
    assert run_json(*looked_up)["receivable_id"] is None  # bound when the debtor confirms
    run("receivable", "confirm", rid)
    assert run_json(*looked_up)["receivable_id"] == rid
    assert run_json("receivable", "invoice", debtor.address, address("maker2"), "--invoice", "INV-CLI-1")[
        "receivable_id"] is None  # the same hash the other way round is another invoice
    moved = run_json("receivable", "transfer", rid, address("financier"), "400", who="maker2")
    assert moved["units"] == 400 * USD
    debtor.stablecoin.mint(debtor.address, 1_000 * USD)
    paid = run_json("receivable", "pay", rid, "1000")
    assert paid["paid_total"] == 1_000 * USD and paid["approve_tx"]
    run("receivable", "redeem", rid, who="maker2")
    run("receivable", "redeem", rid, who="financier")
    shown = run_json("receivable", "show", rid, who="financier")
    assert shown["state"] == "Paid" and shown["paid"] == 1_000 * USD and shown["balance"] == 0
    assert "receivable" in run("receivable", "show", rid).stdout

    rejected = run_json("receivable", "issue", debtor.address, "5", "--maturity", "30d", "--invoice", "INV-CLI-2",
                        who="maker2")["receivable_id"]
    run("receivable", "reject", rejected)
    assert run_json("receivable", "show", rejected)["state"] == "Rejected"
    error = run_json("receivable", "confirm", rejected, code=ExitCode.REVERTED)["error"]
    assert error["name"] == "ReceivableNotPending" and error["args"]["state"] == "Rejected"
    withdrawn = run_json("receivable", "issue", debtor.address, "5", "--maturity", "30d", "--invoice", "INV-CLI-3",
                         who="maker2")["receivable_id"]
    error = run_json("receivable", "withdraw-claim", withdrawn, code=ExitCode.REVERTED)["error"]  # the debtor
    assert error["name"] == "NotCreditor" and error["args"]["creditor"] == address("maker2")
    run("receivable", "withdraw-claim", withdrawn, who="maker2")
    assert run_json("receivable", "show", withdrawn)["state"] == "Withdrawn"
    assert run_json("receivable", "show", 99_999, code=ExitCode.NOT_FOUND)["error"]["name"] == "UnknownReceivable"


# ------------------------------------------------------------ the installed console script


def test_the_installed_console_script_answers_with_json_and_exit_codes(env_of, run_json):
    pid = register(run_json, "SUB-1")
    env = project_env(**env_of(None), PYTHONPATH=str(ROOT))  # this checkout's package, not another's

    def partledger(*args):
        command = [str(BIN / "partledger"), *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)

    done = partledger("verify", hex(pid), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["genuine"] is True
    counterfeit = partledger("--json", "verify", hex(pid + 1))
    assert counterfeit.returncode == ExitCode.NOT_GENUINE
    assert json.loads(counterfeit.stdout)["status"] == "NotRegistered"
    refused = partledger("register", "PN-CLI", "SUB-2")
    assert refused.returncode == ExitCode.CONFIG and "no key" in refused.stderr


# ------------------------------------------------------------ the README's walk-through

README_LINE = re.compile(r"^\$ partledger (.+?)\s+# as (?:the )?(\w+)$")


def readme_walkthrough():
    """(arguments, who) of each `$ partledger ...  # as <who>` line of the README's CLI section."""
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Command line (`partledger`)") :]
    section = section[: section.index("\n## ", 1)]
    return [README_LINE.match(line).groups() for line in section.splitlines() if line.startswith("$ partledger")]


def test_every_command_line_of_the_readme_runs(run, address, client_of):
    lines = readme_walkthrough()
    assert len(lines) >= 10
    names = {"MAKER": address("maker"), "AIRLINE": address("airline"), "ARBITER": address("arbiter")}
    buyer = client_of("airline")
    buyer.stablecoin.mint(buyer.address, 2_000 * USD)  # the airline's money (a test token)
    for command, who in lines:
        args = shlex.split(re.sub(r"\$([A-Z]+)", lambda m: names[m.group(1)], command))
        run(*args, who=None if who == "anyone" else who)
    assert client_of("maker").orders.order(1).state.name == "Completed"


def test_discounting_a_receivable_for_cash(run, run_json, address, admin_client, client_of):
    debtor, financier = client_of("maker"), client_of("financier")
    admin_client.receivables.set_credit_line(debtor.address, admin_client.stablecoin.address, 10_000 * USD)
    rid = run_json("receivable", "issue", debtor.address, "500", "--maturity", "60d", "--invoice", "INV-CLI-D",
                   who="maker2")["receivable_id"]
    run("receivable", "confirm", rid)
    offered = run_json("receivable", "offer-discount", rid, financier.address, "300", "291.5", "--expiry", "24h",
                       who="maker2")
    assert (offered["units"], offered["price"], offered["receivable_id"]) == (300 * USD, 291_500_000, rid)
    financier.stablecoin.mint(financier.address, 300 * USD)
    cash_before = financier.stablecoin.balance_of(address("maker2"))
    taken = run_json("receivable", "take-discount", offered["offer_id"], who="financier")
    assert taken["units"] == 300 * USD and taken["approve_tx"]
    assert financier.receivables.balance_of(financier.address, rid) == 300 * USD
    assert financier.stablecoin.balance_of(address("maker2")) - cash_before == 291_500_000
    again = run_json("receivable", "offer-discount", rid, financier.address, "100", "95", who="maker2")["offer_id"]
    run("receivable", "cancel-discount", again, who="maker2")
    error = run_json("receivable", "take-discount", again, who="financier", code=ExitCode.REVERTED)["error"]
    assert error["name"] == "OfferNotFound" and error["args"] == {"offerId": again}


def test_assigning_an_orders_payment_and_ruling_a_dispute(run, run_json, address, client_of):
    buyer, financier = client_of("airline"), client_of("financier")
    buyer.stablecoin.mint(buyer.address, 1_000 * USD)
    financier.stablecoin.mint(financier.address, 1_000 * USD)
    pid, other = register(run_json, "PO-A1"), register(run_json, "PO-A2")
    assigned = run_json("order", "open", address("maker"), hex(pid), "--price", "250", "--arbiter",
                        address("arbiter"), who="airline")["order_id"]
    run("order", "accept", assigned)
    deadline = buyer.orders.order(assigned).deadline
    error = run_json("order", "offer-assignment", assigned, financier.address, "240", "--expiry", f"@{deadline + 1}",
                     code=ExitCode.REVERTED)["error"]
    assert error["name"] == "InvalidAssignmentExpiry"  # never past the order's deadline
    offered = run_json("order", "offer-assignment", assigned, financier.address, "240")
    assert offered["expiry"] == deadline  # by default the offer stands until the deadline
    error = run_json("order", "take-assignment", assigned, "240", "249", who="financier",
                     code=ExitCode.REVERTED)["error"]
    assert error["name"] == "ClaimChanged"  # the claim named must be what the order escrows
    taken = run_json("order", "take-assignment", assigned, "240", "250", who="financier")
    assert taken["advance"] == 240 * USD and run_json("order", "show", assigned)["payee"] == financier.address

    disputed = run_json("order", "open", address("maker"), hex(other), "--price", "100", "--arbiter",
                        address("arbiter"), who="airline")["order_id"]
    run("order", "accept", disputed)
    run("order", "dispute", disputed, "--document", "damaged in transit", who="airline")
    error = run_json("order", "rule", disputed, 2500, who="airline", code=ExitCode.REVERTED)["error"]
    assert error["name"] == "NotArbiter"
    ruled = run_json("order", "rule", disputed, 2500, who="arbiter")
    assert (ruled["to_buyer"], ruled["to_payee"]) == (25 * USD, 75 * USD)
    assert run_json("order", "show", disputed)["state"] == "Ruled"
    run("order", "rule", disputed, 10_001, who="arbiter", code=ExitCode.USAGE)


def test_money_verbs_on_an_order_or_receivable_that_does_not_exist_exit_3(run_json, address):
    financier = address("financier")
    for args, name in (
        (("receivable", "pay", 99_999, "1"), "UnknownReceivable"),
        (("receivable", "transfer", 99_999, financier), "UnknownReceivable"),
        (("receivable", "offer-discount", 99_999, financier, "1", "1"), "UnknownReceivable"),
        (("order", "offer-assignment", 10_000, financier, "1"), "UnknownOrder"),
        (("order", "take-assignment", 10_000, "1", "1"), "UnknownOrder"),
    ):
        assert run_json(*args, code=ExitCode.NOT_FOUND)["error"]["name"] == name, args


def test_transferring_all_of_a_receivable_one_holds_none_of_is_refused_not_reported_done(
    run, run_json, address, admin_client, client_of
):
    debtor = client_of("maker")
    admin_client.receivables.set_credit_line(debtor.address, admin_client.stablecoin.address, 10_000 * USD)
    rid = run_json("receivable", "issue", debtor.address, "10", "--maturity", "30d", "--invoice", "INV-CLI-0",
                   who="maker2")["receivable_id"]
    run("receivable", "confirm", rid)
    error = run_json("receivable", "transfer", rid, address("broker"), who="financier", code=ExitCode.USAGE)["error"]
    assert "no units" in error["message"]
    assert run_json("receivable", "transfer", rid, address("broker"), who="maker2")["units"] == 10 * USD


# ------------------------------------------------------------ the README's verb table

def readme_verb_usages():
    """Each usage of the verb table of the README's CLI section (`order accept ID`, ...)."""
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Command line (`partledger`)") :]
    section = section[: section.index("\n## ", 1)]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [usage for row in rows for usage in re.findall(r"`([a-z][^`]*)`", row.split("|")[1])]


def test_every_usage_in_the_readme_verb_table_is_the_cli_s_own():
    """Each verb of the table exists, takes the positional arguments shown (in order: repeated
    with `...`, optional in brackets) and has the options shown."""
    import click

    usages = readme_verb_usages()
    assert len(usages) >= 30
    for usage in usages:
        words = usage.replace("[", " [ ").replace("]", " ] ").split()
        command, path = cli, []
        while words and re.fullmatch(r"[a-z][a-z-]*", words[0]):
            assert isinstance(command, click.Group), usage
            path.append(words.pop(0))
            command = command.commands.get(path[-1])
            assert command is not None, f"{usage}: no command {' '.join(path)}"
        declared = {opt: p for p in command.params if isinstance(p, click.Option) for opt in p.opts}
        shown, depth, value_next = [], 0, False
        for word in words:
            if word in ("[", "]"):
                depth += 1 if word == "[" else -1
            elif word == "...":  # [--part PART]...: the option repeats
                continue
            elif word.startswith("--"):
                assert word in declared, f"{usage}: {word} is no option of {' '.join(path)}"
                value_next = not declared[word].is_flag
            elif value_next:  # the option's value: --price AMOUNT
                value_next = False
            else:
                shown.append((word.endswith("..."), depth > 0))
        arguments = [p for p in command.params if isinstance(p, click.Argument)]
        assert [(a.nargs == -1, not a.required) for a in arguments] == shown, usage

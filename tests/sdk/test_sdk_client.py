"""partledger.Client end to end, through web3 only: connecting (URL, manifest, folder,
environment), the integrator helpers (part ids, verify, signed transfers), sending built calls,
and one scenario per contract whose writes all go through the SDK."""

import pytest
from eth_account import Account
from eth_utils import keccak
from sdk_kit import ZERO32, register

from partledger import Client, PartFlags, enums, exceptions
from partledger.ids import to_bytes32
from partledger.roles import MANUFACTURER_ROLE

USD = 10**6
REASON = keccak(text="sdk scenario")


# ------------------------------------------------------------ connecting


def test_connect_reads_the_manifest_of_the_nodes_chain_from_a_folder(rpc_url, manifest, key):
    client = Client.connect(rpc_url, deployments_dir=manifest.parent, private_key=key("maker"))
    assert client.deployment.path == manifest
    assert client.address == Account.from_key(key("maker")).address
    assert client.parts.address == client.deployment.address("PartRegistry")
    assert client.stablecoin is not None and client.stablecoin.decimals() == 6
    assert client.nonces is client.sender.nonces  # the one nonce manager bulk mode shares


def test_connect_without_a_manifest_there_is_a_clear_error(rpc_url, tmp_path):
    with pytest.raises(exceptions.ManifestNotFound) as info:
        Client.connect(rpc_url, deployments_dir=tmp_path)
    assert info.value.path == tmp_path / f"{info.value.chain_id}.json"


def test_from_env_takes_node_manifest_and_key_from_the_environment(rpc_url, manifest, key, monkeypatch):
    monkeypatch.setenv("PARTLEDGER_RPC_URL", rpc_url)
    monkeypatch.setenv("PARTLEDGER_MANIFEST", str(manifest))
    monkeypatch.setenv("PARTLEDGER_PRIVATE_KEY", key("airline"))
    monkeypatch.setenv("PRIVATE_KEY", key("maker"))
    assert Client.from_env().address == Account.from_key(key("airline")).address
    monkeypatch.delenv("PARTLEDGER_PRIVATE_KEY")
    assert Client.from_env().address == Account.from_key(key("maker")).address  # the fallback
    monkeypatch.delenv("PRIVATE_KEY")
    assert Client.from_env().account is None  # read-only
    monkeypatch.delenv("PARTLEDGER_MANIFEST")
    monkeypatch.setenv("PARTLEDGER_DEPLOYMENTS", str(manifest.parent))
    assert Client.from_env().deployment.path == manifest


def test_send_takes_a_built_call_or_a_web3_contract_function(maker_client):
    call = maker_client.parts.build("registerPart", to_bytes32("PN-SDK"), to_bytes32("SEND-1"), ZERO32)
    assert call.to == maker_client.parts.address and call.function == "registerPart"
    assert maker_client.send(call).event("PartRegistered").args["partId"] == maker_client.part_id(
        maker_client.address, "PN-SDK", "SEND-1"
    )
    fn = maker_client.deployment["PartRegistry"].functions.registerPart(
        to_bytes32("PN-SDK"), to_bytes32("SEND-2"), ZERO32
    )
    pending = maker_client.send(fn, wait=False)
    assert pending.wait().status == 1
    assert maker_client.parts.owner_of(maker_client.part_id(maker_client.address, "PN-SDK", "SEND-2")) == (
        maker_client.address
    )


# ------------------------------------------------------------ integrator helpers


def test_verify_tells_an_inspector_everything_about_a_part(maker_client, client_of):
    pid = register(maker_client, "VER-1")
    found = maker_client.verify(pid)
    assert found.genuine and found.in_service and found.part_id == pid
    assert found.status == enums.PartStatus["InService"] and isinstance(found.status, enums.PartStatus)
    assert (found.manufacturer, found.owner, found.custodian) == (maker_client.address, maker_client.address, None)
    assert found.installed_in is None and found.root == pid and found.flags == PartFlags(0)
    client_of("regulator").parts.recall_part(pid, REASON)
    recalled = maker_client.verify(pid)
    assert recalled.status == enums.PartStatus["Suspect"] and not recalled.in_service
    assert recalled.flags == PartFlags.SUSPECT | PartFlags.REGULATOR_RECALL
    unknown = maker_client.verify(424242)
    assert not unknown.genuine and unknown.status == enums.PartStatus["NotRegistered"] and unknown.owner is None


def test_verify_and_can_transfer_say_an_assembly_contains_a_flagged_part(maker_client, client_of):
    engine, blade = register(maker_client, "FA-ENG", "PN-ENG"), register(maker_client, "FA-BLD", "PN-BLD")
    maker_client.parts.install_part(blade, engine)
    client_of("regulator").parts.freeze_part(blade, REASON)
    found = maker_client.verify(engine)
    assert found.contains_flagged_part and not found.in_service
    assert found.status == enums.PartStatus["Suspect"] and found.flags == PartFlags.FLAGGED_BELOW
    airline = client_of("airline").address
    code = maker_client.parts.can_transfer(maker_client.address, airline, engine)
    assert code == enums.TransferCode["ContainsFlaggedPart"]
    with pytest.raises(exceptions.ContainsFlaggedPart):
        maker_client.parts.transfer_from(maker_client.address, airline, engine)
    assert maker_client.parts.owner_of(engine) == maker_client.address


def test_a_transfer_order_signed_by_the_sdk_is_accepted_on_chain(maker_client, client_of):
    pid = register(maker_client, "SIG-1")
    airline, relayer = client_of("airline"), client_of("broker")
    order = maker_client.sign_transfer(pid, airline.address)
    assert (order.owner, order.nonce) == (maker_client.address, 0) and len(order.signature) == 65
    receipt = relayer.transfer_by_signature(order)  # the relayer pays the gas
    assert receipt.event("SignedTransferExecuted").args["partId"] == pid
    assert relayer.parts.owner_of(pid) == airline.address
    assert relayer.parts.nonces(maker_client.address) == 1
    with pytest.raises(exceptions.ContractRevertError):  # replayed: the part and the nonce moved on
        relayer.transfer_by_signature(order)


# ------------------------------------------------------------ one scenario per contract


def test_participant_registry_writes_through_the_sdk(admin_client, client_of):
    newcomer = Account.create()
    receipt = admin_client.participants.onboard(newcomer.address, "Newcomer Parts", "NEW-1", [MANUFACTURER_ROLE])
    assert receipt.event("ParticipantOnboarded").args["account"] == newcomer.address
    record = admin_client.participants.participant(newcomer.address)
    assert record.name == "Newcomer Parts" and record.status == enums.ParticipantStatus["Active"]
    regulator = client_of("regulator")
    regulator.participants.suspend(newcomer.address, REASON)
    assert admin_client.participants.participant(newcomer.address).status == enums.ParticipantStatus["Suspended"]
    regulator.participants.reinstate(newcomer.address, REASON)
    admin_client.participants.revoke_role(MANUFACTURER_ROLE, newcomer.address)
    assert not admin_client.participants.has_role(MANUFACTURER_ROLE, newcomer.address)
    admin_client.participants.offboard(newcomer.address)
    assert not admin_client.participants.is_active(newcomer.address)


def test_part_registry_writes_through_the_sdk(maker_client, client_of):
    airline, mro, regulator = client_of("airline"), client_of("mro"), client_of("regulator")
    engine, blade = register(maker_client, "ENG-1", "PN-ENG"), register(maker_client, "BLD-1", "PN-BLD")
    for pid in (engine, blade):
        expiry = maker_client.w3.eth.get_block("latest")["timestamp"] + 3600
        maker_client.parts.offer_part(pid, airline.address, expiry)
        airline.parts.accept_part(pid)
    airline.parts.install_part(blade, engine)
    assert airline.verify(blade).installed_in == engine and airline.verify(blade).owner == airline.address
    airline.parts.remove_part(blade)
    airline.parts.assign_custody(engine, mro.address)
    assert airline.verify(engine).custodian == mro.address
    airline.parts.release_custody(engine)
    regulator.parts.freeze_part(engine, REASON)
    assert airline.verify(engine).status == enums.PartStatus["Frozen"]
    regulator.parts.unfreeze_part(engine, REASON)
    batch = maker_client.parts.register_batch(to_bytes32("PN-BAT"), [to_bytes32("B-1"), to_bytes32("B-2")], ZERO32)
    assert len(batch.events_named("Transfer")) == 2
    airline.parts.retire_part(blade, REASON)
    assert airline.verify(blade).flags & PartFlags.RETIRED


def test_part_records_writes_through_the_sdk(maker_client, client_of):
    pid = register(maker_client, "REC-1")
    mro = client_of("mro")
    maker_client.records.set_life_limit(pid, 1000, 5000)
    maker_client.records.record_usage(pid, 10, 25)
    life = maker_client.records.life_of(pid)
    assert (life.cycle_limit, life.hour_limit, life.cycles, life.hours) == (1000, 5000, 10, 25)
    now = maker_client.w3.eth.get_block("latest")["timestamp"]
    bizstep, disposition = enums.BizStep["Inspecting"], enums.Disposition["InProgress"]
    event = maker_client.records.record_event(pid, bizstep, disposition, to_bytes32("HANGAR"), REASON, now, 0)
    assert event.event("LifecycleEventRecorded").args["partId"] == pid
    cert = keccak(text="release certificate")
    maker_client.records.attach_certificate(pid, cert, ZERO32)
    assert maker_client.records.current_certificate(pid) == cert
    maker_client.records.authorise_station(pid, mro.address)
    mro.records.record_maintenance(pid, keccak(text="work order"), True)
    assert maker_client.records.maintenance_count(pid) == 1
    maker_client.records.revoke_station(pid, mro.address)
    assert not maker_client.records.is_authorised_station(pid, mro.address)


def test_purchase_orders_and_stablecoin_writes_through_the_sdk(maker_client, client_of):
    buyer, arbiter = client_of("airline"), client_of("arbiter")
    pid = register(maker_client, "PO-1")
    price = 250 * USD
    token = buyer.stablecoin
    token.mint(buyer.address, price)
    token.approve(buyer.orders.address, price)
    deadline = buyer.w3.eth.get_block("latest")["timestamp"] + 86400
    opened = buyer.orders.open_order(
        maker_client.address, [pid], token.address, price, deadline, enums.OrderTerms["Prepaid"], 0, arbiter.address
    )
    order_id = opened.event("OrderOpened").args["orderId"]
    maker_client.orders.accept_order(order_id)
    assert maker_client.orders.order(order_id).state == enums.OrderState["Accepted"]
    before = token.balance_of(maker_client.address)
    maker_client.orders.deliver(order_id, [pid])
    assert buyer.parts.owner_of(pid) == buyer.address
    assert token.balance_of(maker_client.address) == before + price  # paid on delivery
    with pytest.raises(exceptions.NothingOwed) as info:  # nothing was left to pull
        maker_client.orders.withdraw(token.address)
    assert info.value.args == {"token": token.address, "account": maker_client.address}
    token.transfer(maker_client.address, 0)  # an ERC-20 write returning bool: a Receipt all the same


def test_receivables_writes_through_the_sdk(admin_client, maker_client, client_of):
    supplier = client_of("maker2")
    token = admin_client.stablecoin
    admin_client.receivables.set_credit_line(maker_client.address, token.address, 10_000 * USD)
    maturity = admin_client.w3.eth.get_block("latest")["timestamp"] + 30 * 86400
    issued = supplier.receivables.issue(maker_client.address, token.address, 1_000 * USD, maturity, REASON, [])
    rid = issued.event("ReceivableIssued").args["id"]
    maker_client.receivables.confirm(rid)
    assert maker_client.receivables.receivable(rid).state == enums.ReceivableState["Outstanding"]
    assert maker_client.receivables.credit_of(maker_client.address, token.address).outstanding == 1_000 * USD
    maker_client.stablecoin.mint(maker_client.address, 1_000 * USD)
    maker_client.stablecoin.approve(maker_client.receivables.address, 1_000 * USD)
    maker_client.receivables.pay(rid, 1_000 * USD)
    before = token.balance_of(supplier.address)
    supplier.receivables.redeem(rid)
    assert token.balance_of(supplier.address) == before + 1_000 * USD
    assert maker_client.receivables.receivable(rid).state == enums.ReceivableState["Paid"]


# ------------------------------------------------------------ bulk mode and histories through the client


def test_client_bulk_shares_the_clients_nonces_and_needs_a_key(maker_client, reader):
    with pytest.raises(exceptions.NoSigner, match="bulk mode"):
        reader.bulk()
    before = register(maker_client, "BULK-0", "PN-CB")  # a single send first: the nonce manager is warm
    result = maker_client.bulk(progress=False).register_parts("PN-CB", ["BULK-1", "BULK-2", "BULK-3"])
    assert len(result.ok) == 3 and not result.failed
    after = register(maker_client, "BULK-4", "PN-CB")  # and after: no nonce taken twice
    ids = [maker_client.part_id(maker_client.address, "PN-CB", f"BULK-{i}") for i in range(5)]
    assert ids[0] == before and ids[4] == after
    assert all(maker_client.verify(pid).owner == maker_client.address for pid in ids)


def test_client_history_and_tree_come_from_the_logs(maker_client, reader, monkeypatch, tmp_path):
    monkeypatch.setenv("PARTLEDGER_INDEX", str(tmp_path))
    engine, blade = register(maker_client, "HIST-E", "PN-HE"), register(maker_client, "HIST-B", "PN-HB")
    maker_client.parts.install_part(blade, engine)
    history = reader.history(blade)
    assert history.registration.serial_number.rstrip(b"\0") == b"HIST-B" and history.parent == engine
    assert reader.tree(engine).part_ids() == [engine, blade]
    assert reader.provenance is reader.provenance  # one reader per client, synced incrementally
    with pytest.raises(exceptions.UnknownPart):
        reader.history(12345)


def test_the_history_confirmations_depth_can_be_set_from_the_environment(w3, deployment, monkeypatch, tmp_path):
    def depth(reader):  # with an index, the index keeps the distance from the head
        return reader.index.confirmations if reader.index is not None else reader.confirmations

    monkeypatch.setenv("PARTLEDGER_CONFIRMATIONS", "2")
    for index in (str(tmp_path), "off"):
        monkeypatch.setenv("PARTLEDGER_INDEX", index)
        assert depth(Client(w3, deployment).provenance) == 2
        assert depth(Client(w3, deployment).finance) == 2
    monkeypatch.delenv("PARTLEDGER_CONFIRMATIONS")
    assert depth(Client(w3, deployment).provenance) == 0  # a local chain

"""The showcase: an engine's parts from birth to a recall, told as a report.

    make demo        (brownie run scripts/demo.py --network development)

With `make chain` running (a persistent Anvil on 127.0.0.1:8545) brownie attaches to it: the
suite stays deployed, its manifest is written (deployments/31337.json) and the report ends
with what to explore next. Otherwise brownie launches an Anvil that stops with the demo, and
no manifest is left behind for a chain that is gone.

Participants are onboarded; an engine, a fan module, a batch of blades and a Merkle-anchored
lot of 10,000 fasteners are registered; the assembly tree is built; a genuine and a
counterfeit part are checked; the engine changes hands by two-step handover and a spare by a
signed order a relayer submits; a batch recall freezes the blades in one transaction; an ERP
integrator registers a bill of materials in bulk, sells the engine it describes by signed order
and reads its history and assembly tree back; a retired part refuses to move; the financing
story follows (scripts/demo_finance.py: a prepaid order that pays on delivery, an order on
credit whose delivery issues a receivable, split down the tiers, discounted to a bank, frozen by
a recall, paid and redeemed at maturity); and the engine's back-to-birth provenance is rebuilt
from logs alone.

Deployment and the manufacturers' own steps go through brownie; what an ERP or MRO integrator
does (verifying parts, signed orders, the bill of materials in bulk, histories and trees) goes
through the SDK, ``partledger.Client`` on the deployment's manifest with local keys, as
examples/integrator.py does.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

from brownie import accounts, chain, rpc, web3
from brownie.exceptions import VirtualMachineError

from partledger import Client
from partledger.bulk import read_bom
from partledger.exceptions import ContractRevertError
from partledger.ids import to_bytes32
from partledger.merkle import LotTree
from partledger.provenance.index import ENV_INDEX
from partledger.report import format_provenance, format_tree
from partledger.roles import ENFORCER_ROLE, MANUFACTURER_ROLE, REGULATOR_ROLE, REPAIR_STATION_ROLE, ROLE_NAMES
from scripts._brownie import to_readable
from scripts.demo_finance import finance_story
from scripts.deploy import deploy_suite, write_manifest

ZERO = b"\x00" * 32
BOM = Path(__file__).resolve().parent.parent / "examples" / "bom_sample.csv"  # examples/bulk_bom.py's CSV
STATUS = ["NOT REGISTERED", "in service", "FROZEN", "SUSPECT (recalled)", "RETIRED"]


class Report:
    """Prints numbered sections and one line per fact."""

    def __init__(self):
        self.section = 0

    def title(self, text):
        self.section += 1
        print(f"\n{self.section}. {text}\n" + "-" * (len(text) + 4))

    def line(self, text):
        print(f"   {text}")


def quiet(fn, *args):
    """Send a transaction without brownie's per-transaction chatter."""
    with contextlib.redirect_stdout(io.StringIO()):
        return fn(*args)


def refused(report, what, fn, *args):
    """Attempt something the rules forbid (through brownie or the SDK) and print the readable reason."""
    try:
        quiet(fn, *args)
    except VirtualMachineError as exc:
        reason = to_readable(exc) or exc.revert_msg
    except ContractRevertError as exc:  # the SDK raises the contract's error itself
        reason = exc
    else:
        raise AssertionError(f"{what} should have been refused")
    report.line(f"REFUSED  {what}: {reason}")


def sdk_client(manifest, account=None) -> Client:
    """An integrator's client: partledger.Client on the manifest, through its own web3 (not
    brownie's objects), signing with `account`'s local key (None: read-only)."""
    key = None if account is None else account.private_key
    return Client.connect(web3.provider.endpoint_uri, manifest=manifest, private_key=key)


def full_id(part: int) -> str:
    """A part id as its 32 bytes in hex, as `make provenance PART=...` and the examples take it."""
    return f"0x{part:064x}"


def describe(client, names, part_id):
    """What client.verify (one view call through the SDK) says of the part, with names."""
    part = client.verify(part_id)
    if not part.genuine:
        return "NOT GENUINE: no accredited manufacturer registered this id"
    parent = f", installed in {names.get(part.installed_in, hex(part.installed_in)[:12])}" if part.installed_in else ""
    custody = f", custody {names.get(part.custodian, part.custodian)}" if part.custodian else ""
    return (
        f"genuine, made by {names[part.manufacturer]}, {STATUS[part.status]}, "
        f"owner {names[part.owner]}{custody}{parent}"
    )


def main():
    # The SDK clients need a manifest: on a chain that stays it is the one kept for integrators,
    # else one in a scratch folder that goes with the chain.
    with tempfile.TemporaryDirectory(prefix="partledger-demo-") as scratch:
        showcase(Path(scratch))


def showcase(scratch):
    report = Report()
    admin, authority, turbine, forge, mro, airline, enforcer = accounts[:7]
    # local keys (the SDK signs with them): the broker signs an EIP-712 order off chain, the
    # relayer submits signed orders, the second plant's ERP registers a bill of materials
    broker, relayer, plant = (quiet(accounts.add) for _ in range(3))
    for account in (broker, relayer, plant):
        quiet(admin.transfer, account, "1 ether")
    names = {
        admin.address: "PartLedger Admin",
        authority.address: "Aviation Authority",
        turbine.address: "Turbine Works",
        forge.address: "Blade Forge",
        mro.address: "Hangar One MRO",
        airline.address: "Blue Sky Airlines",
        broker.address: "Sky Parts Brokerage",
        enforcer.address: "Court Registry",
        plant.address: "Turbine Works Plant 2",
    }

    # A chain brownie launched itself stops with the demo; one it attached to (`make chain`) stays.
    persistent = not rpc.is_child()
    report.title("Deploy the suite")
    suite = quiet(deploy_suite, admin)
    participants, parts, records = suite.participants, suite.parts, suite.records
    for name, contract in suite.contracts().items():
        report.line(f"{name:20} {contract.address}")
    if persistent:
        path = write_manifest(suite)
        report.line(f"manifest for integrators: {path.resolve()}")
    else:
        path = write_manifest(suite, directory=scratch)  # for this run's SDK clients only
        os.environ[ENV_INDEX] = "off"  # and no history index kept for a chain that is gone
        report.line("manifest: none kept, this Anvil stops with the demo (run `make chain` first to keep it)")
    reader = sdk_client(path)  # read-only: verification and histories, as an integrator reads them

    report.title("Onboard participants")
    cast = [
        (authority, "AUTH-REG-1", [REGULATOR_ROLE]),
        (turbine, "EASA.21G.0042", [MANUFACTURER_ROLE]),
        (forge, "EASA.21G.0077", [MANUFACTURER_ROLE]),
        (mro, "EASA.145.0313", [REPAIR_STATION_ROLE]),
        (airline, "AOC-BSA-9", []),
        (broker, "BRK-2211", []),
        (enforcer, "COURT-7", [ENFORCER_ROLE]),
        (plant, "EASA.21G.0043", [MANUFACTURER_ROLE]),
    ]
    for account, filing, roles in cast:
        # ENFORCER_ROLE takes two authorities: the admin proposes, the regulator confirms.
        direct = [r for r in roles if r != ENFORCER_ROLE]
        quiet(participants.onboard, account, names[account.address], filing, direct, {"from": admin})
        if ENFORCER_ROLE in roles:
            for signer in (admin, authority):
                quiet(participants.grantRole, ENFORCER_ROLE, account, {"from": signer})
        kind = ", ".join(ROLE_NAMES[r] for r in roles) or "participant"
        report.line(f"{names[account.address]:22} {filing:15} {kind}")

    report.title("Register parts and a lot")
    tx = quiet(parts.registerPart, to_bytes32("CFM-56"), to_bytes32("ESN-889101"), ZERO, {"from": turbine})
    engine = tx.return_value
    report.line(f"{'engine CFM-56 ESN-889101':30} id {full_id(engine)}  ({tx.gas_used:,} gas)")
    fan = quiet(parts.registerPart, to_bytes32("FAN-MOD-3"), to_bytes32("FM-0007"), ZERO, {"from": turbine}).return_value
    report.line(f"{'fan module FAN-MOD-3 FM-0007':30} id {full_id(fan)}")
    blade_serials = [f"BL-{i:03d}" for i in range(1, 5)]
    tx = quiet(parts.registerBatch, to_bytes32("BLADE-22"), [to_bytes32(s) for s in blade_serials], ZERO, {"from": forge})
    blade_batch = tx.return_value
    blades = [parts.partIdOf(forge, to_bytes32("BLADE-22"), to_bytes32(s)) for s in blade_serials]
    names.update({engine: "engine ESN-889101", fan: "fan module FM-0007"})
    names.update({b: f"blade {s}" for b, s in zip(blades, blade_serials)})
    report.line(f"blade batch #{blade_batch} of {len(blades)} BLADE-22 ({tx.gas_used:,} gas for the batch):")
    for serial, blade in zip(blade_serials, blades):
        report.line(f"{'  blade BLADE-22 ' + serial:30} id {full_id(blade)}")
    fasteners = LotTree("NAS-1149", [f"F-{i:05d}" for i in range(10_000)])
    tx = quiet(parts.anchorLot, to_bytes32("NAS-1149"), to_bytes32("LOT-2026-11"), fasteners.root, len(fasteners), ZERO, {"from": turbine})
    lot = tx.return_value
    report.line(f"lot #{lot} of {len(fasteners):,} fasteners anchored as one Merkle root ({tx.gas_used:,} gas)")
    member = parts.isLotMember(turbine, lot, to_bytes32("NAS-1149"), to_bytes32("F-04711"), fasteners.proof("F-04711"))
    report.line(f"serial F-04711 is in the lot (view call with a {len(fasteners.proof('F-04711'))}-hash proof): {member}")
    fastener = quiet(parts.claimLotPart, turbine, lot, to_bytes32("NAS-1149"), to_bytes32("F-04711"), fasteners.proof("F-04711"), {"from": turbine}).return_value
    names[fastener] = "fastener F-04711"
    report.line(f"F-04711 claimed as its own part, id {full_id(fastener)}: {describe(reader, names, fastener)}")

    report.title("Certificates and life limits")
    cert1 = web3.keccak(text="EASA Form 1 / ESN-889101 / release 1")
    quiet(records.attachCertificate, engine, cert1, ZERO, {"from": turbine})
    quiet(records.setLifeLimit, blades[0], 20_000, 0, {"from": forge})
    report.line(f"engine release certificate {cert1.hex()[:18]}... is current: {records.isCurrentCertificate(engine, cert1)}")
    report.line("blade BL-001 life limit: 20,000 cycles")

    report.title("Build the assembly: engine > fan module > blades")
    for blade in blades[:3]:
        quiet(parts.transferFrom, forge, turbine, blade, {"from": forge})
        quiet(parts.installPart, blade, fan, {"from": turbine})
    quiet(parts.installPart, fan, engine, {"from": turbine})
    report.line(f"fan module: {describe(reader, names, fan)}")
    report.line(f"blade BL-001: {describe(reader, names, blades[0])}")
    refused(report, "moving an installed blade on its own", parts.transferFrom, parts.address, airline, blades[0], {"from": turbine})

    report.title("Is it genuine? One view call each")
    report.line(f"engine CFM-56 / ESN-889101: {describe(reader, names, engine)}")
    fake = reader.verify(reader.part_id(turbine.address, "CFM-56", "ESN-000666"))  # the id from the data plate
    verdict = "genuine" if fake.genuine else "NOT GENUINE: counterfeit, never registered"
    report.line(f"engine CFM-56 / ESN-000666: {verdict}")

    report.title("Two-step handover: Turbine Works sells the engine to Blue Sky Airlines")
    refused(report, "handing the engine to an unregistered buyer", parts.offerPart, engine, accounts[9], 0, {"from": turbine})
    quiet(parts.offerPart, engine, airline, chain.time() + 7 * 86400, {"from": turbine})
    report.line("offer open for 7 days; Blue Sky accepts")
    quiet(parts.acceptPart, engine, {"from": airline})
    report.line(f"engine: {describe(reader, names, engine)}")
    report.line(f"blade BL-002 moved with it, no per-part transaction: {describe(reader, names, blades[1])}")

    report.title("Custody and maintenance")
    quiet(parts.assignCustody, engine, mro, {"from": airline})
    for cycles, hours in ((9_998, 20_500), (9_997, 20_500)):  # at most 10,000 cycles per usage record
        quiet(records.recordUsage, blades[0], cycles, hours, {"from": mro})  # the custodian of the engine
    quiet(records.recordMaintenance, engine, web3.keccak(text="WO-5521 borescope"), True, {"from": mro})
    cert2 = web3.keccak(text="EASA Form 1 / ESN-889101 / release 2")
    quiet(records.attachCertificate, engine, cert2, cert1, {"from": mro})
    report.line(f"engine: {describe(reader, names, engine)}")
    report.line(f"re-certified; old certificate current: {records.isCurrentCertificate(engine, cert1)}, new: {records.isCurrentCertificate(engine, cert2)}")
    quiet(parts.releaseCustody, engine, {"from": mro})

    report.title("Recall: Blade Forge recalls the whole blade batch in one transaction")
    tx = quiet(parts.recallBatch, forge, blade_batch, web3.keccak(text="SB 72-0042"), {"from": forge})
    report.line(f"batch #{blade_batch} recalled ({tx.gas_used:,} gas, whatever the batch size)")
    report.line(f"blade BL-004 (spare): {describe(reader, names, blades[3])}")
    refused(report, "installing the recalled spare blade", parts.installPart, blades[3], fan, {"from": forge})
    refused(report, "selling the recalled spare blade", parts.transferFrom, forge, airline, blades[3], {"from": forge})
    quiet(parts.clearPart, blades[3], web3.keccak(text="inspection report 88"), {"from": authority})
    report.line(f"after inspection the authority clears BL-004: {describe(reader, names, blades[3])}")
    report.line(f"BL-002 stays suspect: {describe(reader, names, blades[1])}")

    report.title("Signed transfer: the broker signs, a relayer pays the gas (both through the SDK)")
    spare = quiet(parts.registerPart, to_bytes32("HPT-NGV"), to_bytes32("NGV-5150"), ZERO, {"from": turbine}).return_value
    names[spare] = "nozzle guide vane NGV-5150"
    report.line(f"{'nozzle guide vane NGV-5150':30} id {full_id(spare)}")
    quiet(parts.transferFrom, turbine, broker, spare, {"from": turbine})
    relay = sdk_client(path, relayer)
    order = sdk_client(path, broker).sign_transfer(spare, airline.address)  # off chain: no gas
    receipt = relay.transfer_by_signature(order)
    report.line(
        f"order (part, owner, to, nonce {order.nonce}, deadline) signed off chain; relayer submitted it"
        f" ({receipt.gas_used:,} gas)"
    )
    report.line(f"spare: {describe(reader, names, spare)}")
    refused(report, "replaying the same signed order", relay.transfer_by_signature, order)

    integrator(report, path, plant, airline, relay, names)

    report.title("Retire: a scrapped part never moves again")
    quiet(parts.removePart, blades[2], {"from": airline})  # a recalled part may leave a sound assembly
    scrap = web3.keccak(text="scrap tag 77")
    refused(report, "scrapping BL-003 while it is under recall", parts.retirePart, blades[2], scrap, {"from": airline})
    quiet(parts.clearPart, blades[2], web3.keccak(text="inspection report 91: scrap"), {"from": forge})
    quiet(parts.retirePart, blades[2], scrap, {"from": airline})
    report.line(f"blade BL-003 removed and scrapped: {describe(reader, names, blades[2])}")
    refused(report, "selling the scrapped blade", parts.transferFrom, airline, broker, blades[2], {"from": airline})

    cast = dict(admin=admin, authority=authority, oem=turbine, tier1=forge, airline=airline)
    finance_story(report, suite, names, cast, quiet, refused)

    report.title("Back-to-birth provenance of the engine, rebuilt from logs alone")
    print(format_provenance(reader.provenance, engine, names=names))
    print()
    if persistent:
        explore(report, path, engine, turbine.address)


def integrator(report, manifest, plant, buyer, relay, names):
    """The second plant's ERP, through the SDK alone: a bill of materials registered in bulk
    (examples/bom_sample.csv), its engine verified and sold by a signed order the relayer
    submits, the history and the assembly tree read back from the logs."""
    report.title("An ERP integrator through the SDK: a bill of materials in bulk, sold by signed order")
    erp = sdk_client(manifest, plant)
    report.line(f"partledger.Client on {manifest.name}, signing locally as {names[plant.address]}")
    rows = read_bom(BOM)
    bom = erp.bulk(progress=False).register_bom(BOM)
    if bom.failed:
        raise AssertionError(f"the BOM did not go through: {bom.failed}")
    unclaimed = len(rows) - len(bom.part_ids)
    report.line(
        f"{BOM.parent.name}/{BOM.name}: {len(rows)} rows, {len(bom.part_ids)} parts and {unclaimed} unclaimed"
        f" lot serials; {len(bom.tx_hashes)} transactions pipelined ({bom.gas_used:,} gas)"
    )
    labels = {pid: key for key, pid in bom.part_ids.items()}
    engine = bom.part_ids[bom.roots[0]]
    names.update({pid: f"{key} (plant 2)" for key, pid in bom.part_ids.items()})
    report.line(f"{bom.roots[0]}: {describe(erp, names, engine)}")
    blade = bom.part_ids["BLADE-22/BL-301"]
    report.line(f"BLADE-22/BL-301: {describe(erp, names, blade)}")
    order = erp.sign_transfer(engine, buyer.address)
    receipt = relay.transfer_by_signature(order)
    sold = f"signed order {order.nonce} for {bom.roots[0]} to {names[buyer.address]}"
    report.line(f"{sold}, relayed ({receipt.gas_used:,} gas)")
    report.line(f"{bom.roots[0]}: {describe(erp, names, engine)}")
    history = erp.history(engine)  # from the logs (and the history index, when one is kept)
    owners = " -> ".join(names.get(o.holder, o.holder) for o in history.owners)
    report.line(f"history: registered in batch #{history.batch_id}, owners {owners}")
    report.line("assembly tree (client.tree):")
    for text in format_tree(erp.tree(engine), labels=labels).splitlines():
        report.line(f"  {text}")


def explore(report, manifest, engine, manufacturer):
    """What to try next on the chain that stays (`make chain`)."""
    report.title("Explore: the chain and the suite stay")
    report.line(f"manifest {manifest.resolve()}")
    report.line(f"make provenance PART={full_id(engine)}")
    report.line(f"MANUFACTURER={manufacturer} PART_NUMBER=CFM-56 SERIAL=ESN-889101 .venv/bin/python -m examples.verify_part")
    report.line("README \"For integrators\": the examples/ scripts run against this chain as they are")
    print()

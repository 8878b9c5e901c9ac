# examples/verify_part.py
"""Is the part in my hand genuine? One view call: no key, no gas.

MANUFACTURER=0x... PART_NUMBER=CFM-56 SERIAL=ESN-889101 .venv/bin/python -m examples.verify_part
"""

import os

from web3 import Web3

from partledger.ids import part_id
from partledger.manifest import Deployment

STATUS = ["not registered", "in service", "FROZEN", "SUSPECT (recalled)", "RETIRED"]

w3 = Web3(Web3.HTTPProvider(os.environ.get("PARTLEDGER_RPC_URL", "http://127.0.0.1:8545")))
suite = Deployment.load(w3)  # $PARTLEDGER_MANIFEST or deployments/<chainId>.json, checked against the chain
parts = suite.contract("PartRegistry", decode_tuples=True)  # structs come back with field names

# The id derives from the data plate (manufacturer, part number, serial): computed off chain.
pid = part_id(os.environ["MANUFACTURER"], os.environ["PART_NUMBER"], os.environ["SERIAL"])
info = parts.functions.verifyPart(pid).call()
if info.genuine:
    print(f"part {pid:#066x}: genuine, {STATUS[info.status]}, made by {info.manufacturer}, owner {info.owner}")
else:
    print(f"part {pid:#066x}: NOT GENUINE, no accredited manufacturer registered it")

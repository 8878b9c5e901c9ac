# examples/verify_part.py
"""Is the part in my hand genuine? One view call: no key, no gas.

MANUFACTURER=0x... PART_NUMBER=CFM-56 SERIAL=ESN-889101 .venv/bin/python -m examples.verify_part
"""

import os

from partledger import Client

client = Client.from_env()  # $PARTLEDGER_MANIFEST or deployments/<chainId>.json, checked against the chain

# The id derives from the data plate (manufacturer, part number, serial): computed off chain.
pid = client.part_id(os.environ["MANUFACTURER"], os.environ["PART_NUMBER"], os.environ["SERIAL"])
part = client.verify(pid)  # a PartVerification dataclass: status is a PartStatus enum
if part.genuine:
    print(f"part {pid:#066x}: genuine, {part.status.name}, made by {part.manufacturer}, owner {part.owner}")
else:
    print(f"part {pid:#066x}: NOT GENUINE, no accredited manufacturer registered it")

"""A bulk sender run as its own process by test_bulk_reliability.py (not a test module):
registers BULK_COUNT serials of BULK_PN one transaction each, BULK_SEND_BATCH raw transactions a
JSON-RPC POST, through BULK_RPC_URL. The key comes from the environment (BULK_KEY), as the SDK
expects of integrators. Prints the result as JSON."""

import json
import os

from eth_account import Account
from web3 import Web3

from partledger.bulk import Bulk
from partledger.manifest import Deployment
from partledger.tx import NonceManager


def main() -> None:
    w3 = Web3(Web3.HTTPProvider(os.environ["BULK_RPC_URL"]))
    account = Account.from_key(os.environ["BULK_KEY"])
    deployment = Deployment.load(w3, os.environ["BULK_MANIFEST"])
    bulk = Bulk(w3, deployment, account, NonceManager(w3, account.address), progress=False,
                send_batch=int(os.environ["BULK_SEND_BATCH"]))
    serials = [f"{os.environ['BULK_PREFIX']}{i}" for i in range(int(os.environ["BULK_COUNT"]))]
    result = bulk.register_parts(os.environ["BULK_PN"], serials, mode="single")
    print(json.dumps({"ok": len(result.ok), "skipped": len(result.skipped), "failed": list(result.failed)}))


if __name__ == "__main__":
    main()

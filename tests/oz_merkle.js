// The reference for partledger.merkle: OpenZeppelin's own StandardMerkleTree (npm
// @openzeppelin/merkle-tree), driven by tests/test_merkle_oz.py.
//
// stdin:  {"requests": [request, ...]}; a request is either
//           {"values": [[partNumber, serial], ...], "sortLeaves": bool}   build a tree with OZ, or
//           {"dump": <a tree.dump() object>}                              load a dump with OZ,
//         plus optional "prove": [valueIndex, ...] and "multiprove": [[valueIndex, ...], ...].
// stdout: [{"root", "dump", "proofs": [[hex, ...], ...], "multiproofs": [{leaves, proof,
//         proofFlags}, ...]} or {"error": message}, ...], one per request, in order.
"use strict";

const { StandardMerkleTree } = require("@openzeppelin/merkle-tree");

const ENCODING = ["bytes32", "bytes32"];

function answer(request) {
  let tree;
  try {
    tree = request.dump
      ? StandardMerkleTree.load(request.dump)
      : StandardMerkleTree.of(request.values, ENCODING, { sortLeaves: request.sortLeaves ?? true });
  } catch (error) {
    return { error: String(error.message || error) };
  }
  return {
    root: tree.root,
    dump: tree.dump(),
    proofs: (request.prove || []).map((i) => tree.getProof(i)),
    multiproofs: (request.multiprove || []).map((indices) => tree.getMultiProof(indices)),
  };
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { requests } = JSON.parse(input);
  process.stdout.write(JSON.stringify(requests.map(answer)));
});

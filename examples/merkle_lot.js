// examples/merkle_lot.js
// The same lot, read by OpenZeppelin's own tool from the dump examples/merkle_lot.py wrote.
//     LOT_FILE=lot-7.json node examples/merkle_lot.js
const fs = require("fs");
const { StandardMerkleTree } = require("@openzeppelin/merkle-tree");

const lot = StandardMerkleTree.load(JSON.parse(fs.readFileSync(process.env.LOT_FILE || "lot-7.json", "utf8")));
const [partNumber, serial] = lot.at(42); // values keep the order given
console.log(lot.root, JSON.stringify(lot.getProof([partNumber, serial])));

import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('LedgerCheckpoint', {
  description: "A signed statement of the consent ledger's size and Merkle root (RFC 9162 tree over its entries).",
})
export class LedgerCheckpointType {
  @Field(() => Int, { description: 'Number of entries the tree covers.' })
  size!: number;

  @Field(() => String, { description: 'Standard base64 of the 32-byte RFC 9162 root hash.' })
  rootHash!: string;

  @Field(() => String, {
    description:
      'The checkpoint as a C2SP signed note (tlog-checkpoint body, Ed25519 signature line), verifiable with a key at /.well-known/jwks.json.',
  })
  signedNote!: string;

  @Field(() => Date)
  issuedAt!: Date;
}

@ObjectType('LedgerInclusionProof', {
  description: 'An audit path proving that one ledger entry is in the tree of a checkpoint.',
})
export class LedgerInclusionProofType {
  @Field(() => Int)
  leafIndex!: number;

  @Field(() => Int)
  treeSize!: number;

  @Field(() => [String], { description: 'Base64 hashes, leaf to root, as RFC 9162 section 2.1.3 defines them.' })
  path!: string[];
}

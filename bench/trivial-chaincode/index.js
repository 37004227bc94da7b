// The baseline of the benchmarks (bench/baseline.ts): writes what it is given
// and nothing else, so its cost is Fabric's own cost of a transaction (proposal,
// endorsement, ordering, validation, commit) and of each key written. Plain
// JavaScript, no build step: the contract API treats every method as a
// transaction when there are no decorators.
'use strict';
/* global Buffer */
const { Contract } = require('fabric-contract-api');

class TrivialPut extends Contract {
  constructor() {
    super('Trivial');
  }

  /** One key. */
  async Put(ctx, key, value) {
    await ctx.stub.putState(key, Buffer.from(value));
    return '';
  }

  /** Many keys in one transaction: a JSON array of [key, value] pairs. */
  async PutMany(ctx, pairs) {
    const list = JSON.parse(pairs);
    for (const [key, value] of list) await ctx.stub.putState(key, Buffer.from(value));
    return String(list.length);
  }
}

module.exports.contracts = [TrivialPut];

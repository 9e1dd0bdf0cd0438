import type { ApolloServerPlugin } from '@apollo/server';
import { QueryTooComplexError, ThrottledError } from '../errors/errors.ts';
import type { Context } from '../resolvers/context.ts';
import type { CostBudgets, CostCaller, ThrottleStatus } from '../services/security/cost-budget.ts';
import { actualCost } from './graphql-actual-cost.ts';
import { MAX_QUERY_COST, queryCost } from './graphql-cost.ts';
import { beforeExecution } from './graphql-errors.ts';

/** What `extensions.cost` of every response says (the contract's *Query cost*). */
export type CostExtension = {
  requestedQueryCost: number | null;
  actualQueryCost: number;
  throttleStatus: ThrottleStatus | null;
};

/**
 * The contract's *Query cost*, Shopify's way: once the operation and its variables are known
 * (`didResolveOperation`; a validation rule would see `first: $n` without its value), its
 * requested cost is checked against the limit (QUERY_TOO_COMPLEX) and charged to the caller's
 * bucket (THROTTLED when the bucket does not hold it, taking nothing); after execution, what the
 * operation did not cost (requested minus actual, from the data returned) is given back. Every
 * response carries `extensions.cost`, errors included: before an operation is resolved (a
 * document that does not parse or validate) it cost nothing, and the bucket's level is read.
 *
 * The limit is the lower of MAX_QUERY_COST and the caller's bucket: an operation that no full
 * bucket could pay for is refused as too complex, never throttled for ever.
 */
export function queryCostPlugin(budgets: CostBudgets, maximumCost = MAX_QUERY_COST): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const actor = contextValue.scope?.actor;
      const caller: CostCaller | undefined = actor && budgets.callerOf(actor);
      let requested: number | undefined;
      let charged = 0;
      let status: ThrottleStatus | undefined;
      // Other plugins' didResolveOperation run beside this one: when one of them refuses the
      // operation first, Apollo answers without waiting for the charge, which must then be refunded.
      let charging: Promise<unknown> | undefined;
      const charge = async (requestedQueryCost: number, who: CostCaller) => {
        const taken = await budgets.take(who, requestedQueryCost);
        status = taken.status;
        if (taken.isTaken) charged = requestedQueryCost;
        return taken;
      };
      return {
        async didResolveOperation({ schema, document, operation, operationName, request }) {
          // Apollo goes on without an operation when it runs through a gateway (ours: compiled
          // execution), and the executor then answers OPERATION_RESOLUTION_FAILURE: nothing ran, so
          // nothing is priced (operationName is then null, which would price a lone operation).
          if (!operation) return;
          const requestedQueryCost = queryCost({ schema, document, operationName, variables: request.variables });
          requested = requestedQueryCost;
          const limit = Math.min(maximumCost, caller?.budget.maximumAvailable ?? maximumCost);
          if (requestedQueryCost > limit) {
            throw beforeExecution(
              new QueryTooComplexError(`The query costs more than ${limit} (see extensions.cost).`, {
                cost: { requestedQueryCost: Number.isFinite(requestedQueryCost) ? requestedQueryCost : null, maximumCost: limit },
              }),
            );
          }
          if (!caller) return;
          const pending = charge(requestedQueryCost, caller);
          charging = pending.catch(() => {});
          const taken = await pending;
          if (!taken.isTaken) {
            throw beforeExecution(
              new ThrottledError({
                cost: { requestedQueryCost, throttleStatus: taken.status },
                retryAfterSeconds: taken.waitSeconds,
              }),
              { 'retry-after': String(taken.waitSeconds) },
            );
          }
        },

        async willSendResponse({ response, schema, document, operationName }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          await charging;
          const actualQueryCost = charged && document ? actualCost({ schema, document, operationName, data: result.data }) : 0;
          if (caller) {
            status = charged
              ? await budgets.give(caller, charged - Math.min(charged, actualQueryCost))
              : (status ?? (await budgets.peek(caller)));
          }
          const cost: CostExtension = {
            requestedQueryCost: requested === undefined ? 0 : Number.isFinite(requested) ? requested : null,
            actualQueryCost,
            throttleStatus: status ?? null,
          };
          result.extensions = { ...result.extensions, cost };
        },
      };
    },
  };
}

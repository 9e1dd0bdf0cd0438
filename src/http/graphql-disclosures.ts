import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '../log.ts';
import type { Context } from '../resolvers/context.ts';

/**
 * Records, before a response goes to a partner app, which of the member's fields it carries
 * (the disclosure log). If that cannot be recorded, the data is not sent: the answer becomes an
 * INTERNAL_SERVER_ERROR without data.
 */
export function disclosurePlugin(log: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      if (!contextValue.disclosed) return;
      return {
        async willSendResponse({ response, contextValue: ctx }) {
          if (response.body.kind !== 'single' || !ctx.disclosed) return;
          const result = response.body.singleResult;
          const fields = ctx.disclosed.returned(result.data);
          if (fields.size === 0) return;
          try {
            await ctx.scope.disclosures.recordResponse(fields);
          } catch (error) {
            log.error({ msg: 'disclosure not recorded: response withheld', error: (error as Error).name });
            response.body.singleResult = {
              errors: [
                {
                  message: 'The answer could not be recorded, so it was not sent.',
                  extensions: { code: 'INTERNAL_SERVER_ERROR' },
                },
              ],
            };
            response.http.status = 500;
          }
        },
      };
    },
  };
}

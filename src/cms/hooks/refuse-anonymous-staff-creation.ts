import { type CollectionBeforeOperationHook, Forbidden } from 'payload';

/**
 * Closes Payload's open first-user sign-up at the operation level. `first-register` creates the
 * first account with overrideAccess, so access control never sees it: refuse any staff creation
 * that arrives over HTTP without a signed-in user. Server code (start-up, `staff:create`) uses the
 * Local API, whose requests are `payloadAPI: 'local'`.
 */
export const refuseAnonymousStaffCreation: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if (operation === 'create' && req.payloadAPI !== 'local' && !req.user) {
    throw new Forbidden(req.t);
  }
  return args;
};

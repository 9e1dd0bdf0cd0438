import { useState } from 'react';
import { request } from '../api/client.ts';
import { graphql } from '../gql/index.ts';
import { useSession } from './session.tsx';

const Resend = graphql(`
  mutation ResendVerificationEmail($email: String!) {
    resendVerificationEmail(email: $email)
  }
`);

/** Until the address is confirmed, downloads are refused: say so, and offer the e-mail again. */
export function VerifyReminder() {
  const { me } = useSession();
  const [isSent, setSent] = useState(false);
  if (!me || me.emailVerified) return null;
  return (
    <p className="notice">
      Confirm your e-mail address to download: open the link we sent to {me.email}.{' '}
      {isSent ? (
        <span role="status">Sent again.</span>
      ) : (
        <button type="button" className="link" onClick={() => request(Resend, { email: me.email }).then(() => setSent(true))}>
          Send it again
        </button>
      )}
    </p>
  );
}

import { useState } from 'react';
import { Link } from 'wouter';
import { request } from '../api/client.ts';
import { useQuery } from '../api/use-query.ts';
import { graphql } from '../gql/index.ts';
import { Field } from '../layout/field.tsx';
import { PageHeading } from '../layout/page-heading.tsx';
import { PolicyBody } from './policy-body.tsx';
import { FormError, useSubmit } from './use-submit.tsx';

const CurrentPolicies = graphql(`
  query CurrentPolicies {
    terms: policy(kind: TERMS) { id title version bodyHtml }
    privacy: policy(kind: PRIVACY) { id title version bodyHtml }
  }
`);

const Register = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input)
  }
`);

const Resend = graphql(`
  mutation ResendAfterRegistering($email: String!) {
    resendVerificationEmail(email: $email)
  }
`);

/** Registration: the current Terms and Privacy Policy are read here, and the ids accepted are those shown. */
export function RegisterPage() {
  const { data } = useQuery(CurrentPolicies);
  const [sentTo, setSentTo] = useState('');
  const { onSubmit, error, isBusy } = useSubmit(async (values) => {
    if (!data?.terms || !data.privacy) throw new Error('policies not loaded');
    await request(Register, {
      input: {
        displayName: values.displayName ?? '',
        email: values.email ?? '',
        password: values.password ?? '',
        emailConsent: values.emailConsent === 'on',
        acceptedPolicyVersionIds: [data.terms.id, data.privacy.id],
      },
    });
    setSentTo(values.email ?? '');
  });
  if (sentTo) return <CheckYourEmail email={sentTo} />;
  return (
    <>
      <PageHeading title="Create account" />
      <p>
        Already a member? <Link href="/sign-in">Sign in</Link>.
      </p>
      {[data?.terms, data?.privacy].map(
        (policy) =>
          policy && (
            <section key={policy.id} aria-labelledby={`policy-${policy.id}`} className="policy-text">
              <h2 id={`policy-${policy.id}`}>
                {policy.title} <small>(version {policy.version})</small>
              </h2>
              {/* Focusable, so that the scrolling text can be read with the keyboard. */}
              <PolicyBody tabIndex={0} className="scroll" html={policy.bodyHtml} />
            </section>
          ),
      )}
      <form onSubmit={onSubmit} className="stack">
        <Field label="Display name" name="displayName" required maxLength={64} autoComplete="nickname" />
        <Field label="Email" name="email" type="email" required autoComplete="email" />
        <Field
          label="Password"
          name="password"
          type="password"
          required
          minLength={12}
          maxLength={128}
          autoComplete="new-password"
          hint="12 to 128 characters. A few unrelated words make a strong one."
        />
        <label className="check">
          <input type="checkbox" name="accept" required /> I have read and accept the Terms of Use and the Privacy Policy above.
        </label>
        <label className="check">
          <input type="checkbox" name="emailConsent" /> Send me information e-mails about new music (optional; you can stop them
          at any time).
        </label>
        {error && <FormError text={error} />}
        <button type="submit" disabled={isBusy || !data}>
          Create account
        </button>
      </form>
    </>
  );
}

function CheckYourEmail({ email }: { email: string }) {
  const [note, setNote] = useState('');
  return (
    <>
      <PageHeading title="Check your e-mail" />
      <p>
        We sent a link to <strong>{email}</strong>. Open it to confirm your address, then <Link href="/sign-in">sign in</Link>.
      </p>
      <button type="button" onClick={() => request(Resend, { email }).then(() => setNote('We sent the e-mail again.'))}>
        Send the e-mail again
      </button>
      <p role="status">{note}</p>
    </>
  );
}

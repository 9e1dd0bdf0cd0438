import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { request } from '../api/client.ts';
import { graphql } from '../gql/index.ts';
import { Field } from '../layout/field.tsx';
import { useNotify } from '../layout/notices.tsx';
import { PageHeading } from '../layout/page-heading.tsx';
import { useSession } from './session.tsx';
import { FormError, useSubmit } from './use-submit.tsx';

const Login = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) { member { displayName } }
  }
`);

const RequestReset = graphql(`
  mutation RequestPasswordReset($email: String!) {
    requestPasswordReset(email: $email)
  }
`);

export function SignInPage() {
  const { refresh } = useSession();
  const notify = useNotify();
  const [, navigate] = useLocation();
  const { onSubmit, error, isBusy } = useSubmit(async (values) => {
    const { login } = await request(Login, { email: values.email ?? '', password: values.password ?? '' });
    refresh();
    navigate('/');
    notify('info', `Welcome, ${login.member.displayName}.`);
  });
  return (
    <>
      <PageHeading title="Sign in" />
      <form onSubmit={onSubmit} className="stack">
        <Field label="Email" name="email" type="email" required autoComplete="email" />
        <Field label="Password" name="password" type="password" required autoComplete="current-password" />
        {error && <FormError text={error} />}
        <button type="submit" disabled={isBusy}>
          Sign in
        </button>
      </form>
      <p>
        <Link href="/forgot-password">Forgot your password?</Link> New here? <Link href="/register">Create account</Link>.
      </p>
    </>
  );
}

export function ForgotPasswordPage() {
  const [sentTo, setSentTo] = useState('');
  const { onSubmit, error, isBusy } = useSubmit(async (values) => {
    await request(RequestReset, { email: values.email ?? '' });
    setSentTo(values.email ?? '');
  });
  return (
    <>
      <PageHeading title="Forgot your password?" />
      {sentTo ? (
        <p role="status">
          If <strong>{sentTo}</strong> belongs to an account, a link to choose a new password is on its way.
        </p>
      ) : (
        <form onSubmit={onSubmit} className="stack">
          <Field label="Email" name="email" type="email" required autoComplete="email" />
          {error && <FormError text={error} />}
          <button type="submit" disabled={isBusy}>
            Send me a link
          </button>
        </form>
      )}
    </>
  );
}

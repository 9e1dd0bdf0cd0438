import { useState } from 'react';
import { request } from '../api/client.ts';
import type { ProfileSectionFragment } from '../gql/graphql.ts';
import { graphql } from '../gql/index.ts';
import { Field } from '../layout/field.tsx';
import { useSession } from '../members/session.tsx';
import { FormError, useSubmit } from '../members/use-submit.tsx';
import { dateTime, Section } from './section.tsx';

graphql(`
  fragment ProfileSection on Member {
    displayName
    email
    emailVerified
    plan
    createdAt
    downloadQuota { limit remaining used resetsAt }
  }
`);

const UpdateProfile = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) { displayName }
  }
`);

const ChangeEmail = graphql(`
  mutation ChangeEmail($newEmail: String!, $password: String!) {
    changeEmail(newEmail: $newEmail, password: $password)
  }
`);

const ChangePassword = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`);

export function ProfileSection({ member, onChange }: { member: ProfileSectionFragment; onChange: () => void }) {
  const session = useSession();
  const [note, setNote] = useState('');
  const { onSubmit, error, isBusy } = useSubmit(async (values) => {
    await request(UpdateProfile, { input: { displayName: values.displayName } });
    setNote('Saved.');
    onChange();
    session.refresh();
  });
  const quota = member.downloadQuota;
  return (
    <Section title="Profile">
      <p>
        {member.plan === 'PREMIUM' ? 'Premium' : 'Free'} plan, member since {dateTime(member.createdAt)}.{' '}
        {quota.limit === null || quota.limit === undefined
          ? `${quota.used} downloads today.`
          : `${quota.remaining} of ${quota.limit} downloads left today (the count starts again at ${dateTime(quota.resetsAt)}).`}
      </p>
      <form onSubmit={onSubmit} className="stack">
        <Field label="Display name" name="displayName" defaultValue={member.displayName} required maxLength={64} />
        {error && <FormError text={error} />}
        <button type="submit" disabled={isBusy}>
          Save
        </button>
        <p role="status">{note}</p>
      </form>
    </Section>
  );
}

export function EmailSection({ member }: { member: ProfileSectionFragment }) {
  const [sentTo, setSentTo] = useState('');
  const { onSubmit, error, isBusy } = useSubmit(async (values, form) => {
    await request(ChangeEmail, { newEmail: values.newEmail ?? '', password: values.password ?? '' });
    setSentTo(values.newEmail ?? '');
    form.reset();
  });
  return (
    <Section title="E-mail address">
      <p>
        {member.email} ({member.emailVerified ? 'confirmed' : 'not confirmed yet: open the link we sent you'})
      </p>
      <form onSubmit={onSubmit} className="stack">
        <Field label="New e-mail address" name="newEmail" type="email" required autoComplete="email" />
        <Field label="Password" name="password" type="password" required autoComplete="current-password" />
        {error && <FormError text={error} />}
        <button type="submit" disabled={isBusy}>
          Change e-mail address
        </button>
        <p role="status">{sentTo && `We sent a link to ${sentTo}: the change applies once you open it.`}</p>
      </form>
    </Section>
  );
}

export function PasswordSection() {
  const [note, setNote] = useState('');
  const { onSubmit, error, isBusy } = useSubmit(async (values, form) => {
    await request(ChangePassword, { currentPassword: values.currentPassword ?? '', newPassword: values.newPassword ?? '' });
    setNote('Your password is changed.');
    form.reset();
  });
  return (
    <Section title="Password">
      <form onSubmit={onSubmit} className="stack">
        <Field label="Current password" name="currentPassword" type="password" required autoComplete="current-password" />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          required
          minLength={12}
          maxLength={128}
          autoComplete="new-password"
          hint="12 to 128 characters."
        />
        {error && <FormError text={error} />}
        <button type="submit" disabled={isBusy}>
          Change password
        </button>
        <p role="status">{note}</p>
      </form>
    </Section>
  );
}

import { useLocation } from 'wouter';
import { request } from '../api/client.ts';
import { saveUrl } from '../catalog/download.ts';
import { graphql } from '../gql/index.ts';
import { Field } from '../layout/field.tsx';
import { useNotify } from '../layout/notices.tsx';
import { useSession } from '../members/session.tsx';
import { FormError, useSubmit } from '../members/use-submit.tsx';
import { Section } from './section.tsx';

const ExportMyData = graphql(`
  mutation ExportMyData {
    exportMyData
  }
`);

const DeleteAccount = graphql(`
  mutation DeleteAccount($password: String!) {
    deleteAccount(password: $password)
  }
`);

export function DataSection() {
  const { onSubmit, error, isBusy } = useSubmit(async () => {
    const { exportMyData } = await request(ExportMyData);
    const file = new Blob([JSON.stringify(exportMyData, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(file);
    saveUrl(url, `mixx-my-data-${new Date().toISOString().slice(0, 10)}.json`);
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  });
  return (
    <Section title="Your data">
      <p>Everything Mixx holds about you, as a JSON file.</p>
      <form onSubmit={onSubmit}>
        {error && <FormError text={error} />}
        <button type="submit" disabled={isBusy}>
          Download my data
        </button>
      </form>
    </Section>
  );
}

export function DeleteSection() {
  const session = useSession();
  const notify = useNotify();
  const [, navigate] = useLocation();
  const { onSubmit, error, isBusy } = useSubmit(async (values) => {
    await request(DeleteAccount, { password: values.password ?? '' });
    session.refresh();
    navigate('/');
    notify('info', 'Your account is deleted: your personal data is erased and every session has ended.');
  });
  return (
    <Section title="Delete my account">
      <p>This erases your personal data and ends every session. It cannot be undone.</p>
      <form onSubmit={onSubmit} className="stack">
        <Field label="Password" name="password" type="password" required autoComplete="current-password" />
        {error && <FormError text={error} />}
        <button type="submit" className="danger" disabled={isBusy}>
          Delete my account
        </button>
      </form>
    </Section>
  );
}

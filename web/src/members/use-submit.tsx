import { type FormEvent, useState } from 'react';
import { explain } from '../api/errors.ts';
import { formValues } from '../layout/field.tsx';

/**
 * A form's submit: runs the action with the form's values, keeps the button disabled meanwhile,
 * and turns a refusal into a message in plain words (shown in an alert, focus left where it was).
 */
export function useSubmit(action: (values: Record<string, string>, form: HTMLFormElement) => Promise<unknown>) {
  const [error, setError] = useState('');
  const [isBusy, setBusy] = useState(false);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    setBusy(true);
    setError('');
    try {
      await action(formValues(form), form);
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  };
  return { onSubmit, error, isBusy };
}

export function FormError({ text }: { text: string }) {
  return (
    <p role="alert" className="error">
      {text}
    </p>
  );
}

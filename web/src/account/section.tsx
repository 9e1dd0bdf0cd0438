import { type ReactNode, useId } from 'react';

/** One part of the account page: a region named by its heading, so that it can be found by name. */
export function Section(props: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="account-section">
      <h2 id={id}>{props.title}</h2>
      {props.children}
    </section>
  );
}

export const dateTime = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

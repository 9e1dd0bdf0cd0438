import { type ReactNode, type Ref, useId } from 'react';

/**
 * One part of the account page: a region named by its heading, so that it can be found by name.
 * With `headingRef`, the heading can take focus (after what had it went away).
 */
export function Section(props: { title: string; children: ReactNode; headingRef?: Ref<HTMLHeadingElement> }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="account-section">
      <h2 id={id} ref={props.headingRef} tabIndex={props.headingRef ? -1 : undefined}>
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}

export const dateTime = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

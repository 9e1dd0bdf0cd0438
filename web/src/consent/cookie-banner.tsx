import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'wouter';
import { explain } from '../api/errors.ts';
import { type Choice, useCookieChoices } from './cookie-choices.tsx';

/**
 * Shown until the visitor answers, and again from the footer's "Cookie settings". It does not
 * block the page: until an answer, only necessary cookies exist.
 */
export function CookieBanner() {
  const { choice, isOpen, close, save } = useCookieChoices();
  const [isChoosing, setChoosing] = useState(false);
  const [error, setError] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const titleId = useId();
  const isShown = isOpen || choice === null;
  useEffect(() => {
    if (isOpen) heading.current?.focus();
  }, [isOpen]);
  if (!isShown) return null;
  const answer = (picked: Choice) =>
    save(picked).then(
      () => setChoosing(false),
      (e) => setError(explain(e)),
    );
  return (
    <section className="cookie-banner" aria-labelledby={titleId}>
      <h2 id={titleId} ref={heading} tabIndex={-1}>
        Cookies
      </h2>
      <p>
        Mixx sets only the cookies it needs to work: they keep you signed in, recognise this device at sign-in and remember this
        choice. Preference and analytics cookies are used only if you switch them on.{' '}
        <Link href="/policies/privacy">Privacy Policy</Link>
      </p>
      {error && <p role="alert">{error}</p>}
      {isChoosing ? (
        <CookieChoiceForm initial={choice ?? { preferences: false, analytics: false }} onSave={answer} />
      ) : (
        <div className="actions">
          <button type="button" onClick={() => answer({ preferences: true, analytics: true })}>
            Accept all
          </button>
          <button type="button" onClick={() => answer({ preferences: false, analytics: false })}>
            Only necessary
          </button>
          <button type="button" onClick={() => setChoosing(true)}>
            Choose
          </button>
          {isOpen && choice && (
            <button type="button" className="link" onClick={close}>
              Keep my choice
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** The choice of each kind of cookie, also on the account page. */
export function CookieChoiceForm(props: { initial: Choice; onSave: (choice: Choice) => Promise<unknown> }) {
  const [choice, setChoice] = useState(props.initial);
  return (
    <form
      className="cookie-choice"
      onSubmit={(event) => {
        event.preventDefault();
        void props.onSave(choice);
      }}
    >
      <fieldset>
        <legend>Cookies</legend>
        <label>
          <input type="checkbox" checked disabled /> Necessary (always on: signing in, recognising this device, remembering this
          choice)
        </label>
        <label>
          <input
            type="checkbox"
            checked={choice.preferences}
            onChange={(e) => setChoice({ ...choice, preferences: e.target.checked })}
          />{' '}
          Preferences
        </label>
        <label>
          <input
            type="checkbox"
            checked={choice.analytics}
            onChange={(e) => setChoice({ ...choice, analytics: e.target.checked })}
          />{' '}
          Analytics
        </label>
      </fieldset>
      <button type="submit">Save my choices</button>
    </form>
  );
}

import { useEffect, useId, useRef, useState } from 'react';
import { useLocation, useSearchParams } from 'wouter';

const DEBOUNCE_MS = 250;

/** Search as you type: after a short pause, the search page shows results for what is in the box. */
export function SearchBox() {
  const [location, navigate] = useLocation();
  const [params] = useSearchParams();
  const onSearchPage = location === '/search';
  const [text, setText] = useState(onSearchPage ? (params.get('q') ?? '') : '');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const id = useId();

  useEffect(() => () => clearTimeout(timer.current), []);
  // Leaving the search page (a link, the back button) empties the box.
  useEffect(() => {
    if (!onSearchPage) setText('');
  }, [onSearchPage]);

  const show = (value: string) => navigate(`/search?q=${encodeURIComponent(value.trim())}`, { replace: onSearchPage });
  return (
    <search className="search">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          clearTimeout(timer.current);
          show(text);
        }}
      >
        <label htmlFor={id} className="visually-hidden">
          Search
        </label>
        <input
          id={id}
          type="search"
          value={text}
          placeholder="Search artists, releases, tracks"
          autoComplete="off"
          onChange={(event) => {
            const value = event.target.value;
            setText(value);
            clearTimeout(timer.current);
            timer.current = setTimeout(() => show(value), DEBOUNCE_MS);
          }}
        />
      </form>
    </search>
  );
}

import { useEffect, useRef } from 'react';

let isFirstPage = true;

/**
 * The page's h1 and the document title. After a navigation, focus moves to the heading so that
 * keyboard and screen-reader users start at the new content; not while someone types a search.
 */
export function PageHeading({ title }: { title: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = title === 'Mixx' ? 'Mixx' : `${title} · Mixx`;
  }, [title]);
  useEffect(() => {
    if (!isFirstPage && !document.activeElement?.closest('search')) heading.current?.focus();
    isFirstPage = false;
  }, []);
  return (
    <h1 ref={heading} tabIndex={-1}>
      {title}
    </h1>
  );
}

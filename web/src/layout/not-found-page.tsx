import { Link } from 'wouter';
import { PageHeading } from './page-heading.tsx';

export function NotFoundPage() {
  return (
    <>
      <PageHeading title="Page not found" />
      <p>
        There is nothing at this address. <Link href="/">Go to the start page</Link>.
      </p>
    </>
  );
}

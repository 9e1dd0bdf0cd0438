import { Link } from 'wouter';
import { useCookieChoices } from '../consent/cookie-choices.tsx';

export function Footer() {
  const { open } = useCookieChoices();
  return (
    <footer className="site">
      <nav aria-label="About Mixx">
        <Link href="/policies/terms">Terms of Use</Link>
        <Link href="/policies/privacy">Privacy Policy</Link>
        <button type="button" className="link" onClick={open}>
          Cookie settings
        </button>
      </nav>
    </footer>
  );
}

import { Link, useLocation } from 'wouter';
import { request } from '../api/client.ts';
import { explain } from '../api/errors.ts';
import { graphql } from '../gql/index.ts';
import { type Member, useSession } from '../members/session.tsx';
import { useNotify } from './notices.tsx';
import { SearchBox } from './search-box.tsx';

const Logout = graphql(`
  mutation Logout {
    logout
  }
`);

export function Header() {
  const { me, refresh } = useSession();
  const notify = useNotify();
  const [, navigate] = useLocation();
  const signOut = async () => {
    try {
      await request(Logout);
      refresh();
      navigate('/');
      notify('info', 'You are signed out.');
    } catch (error) {
      notify('error', explain(error));
    }
  };
  return (
    <header className="site">
      <Link href="/" className="brand">
        Mixx
      </Link>
      <SearchBox />
      <nav aria-label="Account">
        {me ? (
          <>
            <Quota me={me} />
            <Link href="/account">My account</Link>
            <button type="button" onClick={signOut}>
              Sign out
            </button>
          </>
        ) : (
          <>
            <Link href="/sign-in">Sign in</Link>
            <Link href="/register" className="button">
              Create account
            </Link>
          </>
        )}
      </nav>
    </header>
  );
}

function Quota({ me }: { me: Member }) {
  const { limit, remaining } = me.downloadQuota;
  return (
    <span className="quota">
      {limit === null || limit === undefined ? 'Unlimited downloads' : `${remaining} of ${limit} downloads left today`}
    </span>
  );
}

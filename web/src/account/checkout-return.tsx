import { useEffect } from 'react';
import { useLocation, useSearchParams } from 'wouter';
import { useNotify } from '../layout/notices.tsx';
import { useSession } from '../members/session.tsx';

const WORDS: Record<string, string> = {
  complete: 'Thank you: your payment went through. Premium applies as soon as the payment provider confirms it, usually at once.',
  canceled: 'You left the checkout: nothing was charged.',
};

/**
 * The payment provider sends the member back to `/?checkout=complete` (or `canceled`): say what
 * happened and show the account, where the plan and invoices are.
 */
export function CheckoutReturn() {
  const [location, navigate] = useLocation();
  const [params] = useSearchParams();
  const notify = useNotify();
  const { refresh } = useSession();
  const outcome = location === '/' ? params.get('checkout') : null;
  useEffect(() => {
    if (!outcome || !WORDS[outcome]) return;
    navigate('/account', { replace: true });
    notify('info', WORDS[outcome]);
    refresh();
  }, [outcome, navigate, notify, refresh]);
  return null;
}

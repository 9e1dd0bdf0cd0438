import { createContext, type ReactNode, useCallback, useContext, useState } from 'react';

type Notice = { kind: 'info' | 'error'; text: string; id: number };
type Notify = (kind: Notice['kind'], text: string) => void;

const NoticeContext = createContext<{ notice: Notice | null; notify: Notify; clear: () => void }>({
  notice: null,
  notify: () => {},
  clear: () => {},
});

/**
 * One message at a time under the header, for what happened after a click (a download started, a
 * download refused). Both live regions stay in the page, so screen readers announce each message.
 */
export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const notify = useCallback<Notify>((kind, text) => setNotice({ kind, text, id: Date.now() }), []);
  const clear = useCallback(() => setNotice(null), []);
  return <NoticeContext.Provider value={{ notice, notify, clear }}>{children}</NoticeContext.Provider>;
}

export const useNotify = () => useContext(NoticeContext).notify;

export function Notices() {
  const { notice, clear } = useContext(NoticeContext);
  return (
    <div className="notices">
      <div role="status">{notice?.kind === 'info' && <NoticeText text={notice.text} onClose={clear} />}</div>
      <div role="alert">{notice?.kind === 'error' && <NoticeText text={notice.text} onClose={clear} isError />}</div>
    </div>
  );
}

function NoticeText(props: { text: string; onClose: () => void; isError?: boolean }) {
  return (
    <p className={props.isError ? 'notice error' : 'notice'}>
      {props.text}{' '}
      <button type="button" className="link" onClick={props.onClose}>
        Dismiss
      </button>
    </p>
  );
}

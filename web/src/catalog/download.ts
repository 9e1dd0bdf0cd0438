import { useCallback } from 'react';
import { ApiError, request } from '../api/client.ts';
import { explain } from '../api/errors.ts';
import { graphql } from '../gql/index.ts';
import { useNotify } from '../layout/notices.tsx';
import { useSession } from '../members/session.tsx';

const RequestDownload = graphql(`
  mutation RequestDownload($trackId: ID!) {
    requestDownload(trackId: $trackId) { url }
  }
`);

/** Lets the browser fetch a URL as a file: the server answers with `Content-Disposition: attachment`. */
export function saveUrl(url: string, fileName = '') {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

/** Asks for a download ticket and hands its URL to the browser; the quota in the header follows. */
export function useDownload() {
  const { me, refresh } = useSession();
  const notify = useNotify();
  return useCallback(
    async (track: { id: string; title: string }) => {
      if (!me) return notify('error', 'Please sign in or create an account to download.');
      try {
        const { requestDownload } = await request(RequestDownload, { trackId: track.id });
        saveUrl(requestDownload.url);
        notify('info', `“${track.title}” is downloading.`);
      } catch (error) {
        notify('error', explain(error));
        // A policy prompt or a new count may follow from what the server said.
        if (!(error instanceof ApiError && error.code === 'NETWORK')) refresh();
        return;
      }
      refresh();
    },
    [me, notify, refresh],
  );
}

'use client';
import { Button, useDocumentInfo } from '@payloadcms/ui';
import { useState } from 'react';

/** The Send button of an announcement: queues its delivery to the members who opted in. */
export function SendAnnouncementButton() {
  const { id } = useDocumentInfo();
  const [state, setState] = useState<'idle' | 'sending' | 'queued' | 'failed'>('idle');
  if (!id) return <p>Save the announcement first; then it can be sent.</p>;
  const send = async () => {
    if (!window.confirm('Send this announcement to every member who opted in to information e-mails?')) return;
    setState('sending');
    const response = await fetch(`/api/announcements/${id}/send`, { method: 'POST', credentials: 'include' });
    setState(response.ok ? 'queued' : 'failed');
  };
  return (
    <div>
      <Button buttonStyle="primary" disabled={state === 'sending' || state === 'queued'} onClick={send} id="send-announcement">
        Send
      </Button>
      {state === 'queued' && <p>Queued: members who opted in receive it shortly. Reload to see the count.</p>}
      {state === 'failed' && <p>Sending could not start. Try again later.</p>}
    </div>
  );
}
